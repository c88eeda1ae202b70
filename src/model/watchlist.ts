/**
 * A watchlist entry: a designated vessel as a list publishes it. A profile ships a dated
 * snapshot (profiles/NAME/watchlist.csv); `darkfleet lists import` stores fresher lists,
 * which replace the snapshot's rows of the same list (screen/lists.ts).
 */

export interface WatchEntry {
  /** The list, e.g. "UN 1718" or "OFAC SDN". */
  list: string;
  /** The entry's id on its list (SDN uid, FollowTheMoney id, ...). */
  id: string;
  name: string;
  aliases: string[];
  formerNames: string[];
  imo: number | null;
  /** MMSIs the list names, current first. */
  mmsis: number[];
  /** ISO 3166 alpha-2 flag the list gives, or null. */
  flag: string | null;
  programme: string;
  /** Date of designation as the list gives it (YYYY, YYYY-MM or YYYY-MM-DD), or null. */
  listed: string | null;
  source: string;
  note: string;
}
