/** Inputs for darkfleet: files, .gz, directories, globs, stdin, TCP and UDP feeds, and the CSV export readers. */
export type { ByteStream } from "./byte-stream.js";
export { CsvAisReader, type CsvAisReaderOptions } from "./csv.js";
export { COLUMNS_HELP, columnsFormat, missingColumns } from "./csv-columns.js";
export type { CsvFormatId } from "./csv-format.js";
export { type Endpoint, isEndpoint, parseEndpoint } from "./endpoint.js";
export { InputError, ioReason, isCutShort } from "./errors.js";
export {
  type FileInput,
  type Input,
  type OpenOptions,
  type ResolveOptions,
  resolveInputs,
  type StdinInput,
  type TcpInput,
  type UdpInput,
} from "./inputs.js";
export { readToEnd } from "./read-to-end.js";
export { detectFormat, type InputFormat, type Sniffed, sniffInput } from "./sniff.js";
export { type BackoffOptions, TcpFeed, type TcpFeedOptions } from "./tcp.js";
export { UdpFeed, type UdpFeedOptions } from "./udp.js";
