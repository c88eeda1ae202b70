/**
 * Writes a command's text output (UTF-8) to stdout in blocks, waiting while the pipe is
 * full; a reader that went away (`darkfleet vessels | head`) ends the output quietly.
 */
import { once } from "node:events";

export class TextOut {
  private parts: string[] = [];
  private size = 0;
  private closed = false;

  constructor(private readonly out: NodeJS.WritableStream = process.stdout) {
    out.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code !== "EPIPE") throw err;
      this.closed = true;
    });
  }

  async line(text: string): Promise<void> {
    this.parts.push(text, "\n");
    this.size += text.length + 1;
    if (this.size >= 1 << 20) await this.flush();
  }

  async flush(): Promise<void> {
    const text = this.parts.join("");
    this.parts = [];
    this.size = 0;
    if (this.closed || text === "") return;
    try {
      if (!this.out.write(text)) await Promise.race([once(this.out, "drain"), once(this.out, "close")]);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EPIPE") throw err;
      this.closed = true;
    }
  }
}
