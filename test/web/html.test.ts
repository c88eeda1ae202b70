/** The page's HTML escaping: AIS names may hold < > & " ', which must reach the page as text. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { esc } from "../../src/web/page/html.js";

const decode = (html: string) =>
  html.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[e]!,
  );

describe("esc", () => {
  it("leaves no markup and decodes back to the text", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const html = esc(text);
        expect(html).not.toMatch(/[<>"']/);
        expect(decode(html)).toBe(text);
      }),
    );
    expect(esc('<IMG SRC=X ONERROR="A">')).toBe("&lt;IMG SRC=X ONERROR=&quot;A&quot;&gt;");
    expect(esc(null)).toBe("");
    expect(esc(7)).toBe("7");
  });
});
