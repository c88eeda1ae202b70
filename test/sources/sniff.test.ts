import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvAisReader } from "../../src/sources/csv.js";
import { resolveInputs } from "../../src/sources/inputs.js";
import { detectFormat, sniffInput } from "../../src/sources/sniff.js";

describe("detectFormat", () => {
  it("tells NMEA from the CSV exports by the first line", () => {
    expect(detectFormat("!AIVDM,1,1,,A,13aEOK?P00PD2wVMdLDRhgvL289?,0*26")).toBe("nmea");
    expect(detectFormat("\\s:2573345,c:1577836800*0B\\!BSVDM,1,1,,B,13aEOK,0*00")).toBe("nmea");
    expect(detectFormat("1577836800.123 !AIVDO,1,1,,,B,0*00")).toBe("nmea");
    expect(detectFormat("$GPGGA,123519,4807.038,N")).toBe("nmea");
    expect(
      detectFormat(
        "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass",
      ),
    ).toBe("marinecadastre");
    expect(
      detectFormat(
        "\uFEFFmmsi,base_date_time,longitude,latitude,sog,cog,heading,vessel_name,imo,call_sign,vessel_type,status,length,width,draft,cargo,transceiver",
      ),
    ).toBe("marinecadastre");
    expect(
      detectFormat(
        "# Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG,Heading,IMO,Callsign,Name,Ship type,Cargo type,Width,Length,Type of position fixing device,Draught,Destination,ETA,Data source type,A,B,C,D",
      ),
    ).toBe("dma");
    expect(detectFormat("MMSI,BaseDateTime,SOG")).toBe("unknown"); // no position columns
    expect(detectFormat("hello")).toBe("unknown");
    expect(detectFormat("")).toBe("unknown");
  });
});

describe("sniffInput", () => {
  it("hands back every byte, however the input is chunked", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          "\n\n!AIVDM,1,1,,A,1,0*00\nmore\n",
          "MMSI,BaseDateTime,LAT,LON\n1,2,3,4\n",
          "",
          "no newline",
        ),
        fc.array(fc.nat({ max: 40 }), { maxLength: 6 }),
        async (text, cuts) => {
          const bytes = Buffer.from(text);
          const at = [...new Set(cuts.map((c) => Math.min(c, bytes.length)))].sort((a, b) => a - b);
          const chunks = [0, ...at].map((p, i, all) => bytes.subarray(p, all[i + 1] ?? bytes.length));
          async function* source() {
            yield* chunks;
          }
          const sniffed = await sniffInput(source());
          const back: Buffer[] = [];
          for await (const c of sniffed.chunks) back.push(c);
          expect(Buffer.concat(back).equals(bytes)).toBe(true);
          expect(sniffed.format).toBe(
            text.includes("!AIVDM") ? "nmea" : text.startsWith("MMSI") ? "marinecadastre" : "unknown",
          );
          expect(sniffed.firstLine).toBe(text.trim().split("\n")[0]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("inputs, sniffing and CSV reading together", () => {
  it("reads every CSV fixture, compressed or not, after sniffing its format", async () => {
    const inputs = await resolveInputs(["test/fixtures/csv"]);
    const got: [string, string, number][] = [];
    for (const input of inputs) {
      const { format, chunks } = await sniffInput(input.open());
      const reader = new CsvAisReader({ source: input.name });
      for await (const c of chunks) reader.push(c);
      reader.end();
      got.push([input.name.replace("test/fixtures/csv/", ""), format, reader.stats.decoded.csv]);
      expect(reader.format).toBe(format);
    }
    expect(got).toEqual([
      ["dma.csv", "dma", 5],
      ["marinecadastre-2023.csv", "marinecadastre", 5],
      ["marinecadastre-2023.csv.zst", "marinecadastre", 5],
      ["marinecadastre-2023.zip", "marinecadastre", 5],
      ["marinecadastre-2024.csv", "marinecadastre", 1],
      ["marinecadastre-bom-crlf.csv", "marinecadastre", 1],
    ]);
  });
});
