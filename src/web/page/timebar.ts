/**
 * The time slider under the map: at its right end the traffic shown is all of it; anywhere
 * else, the positions of the window ending there. Play steps it forward, each step once the
 * previous view has loaded, and stops at the end.
 */

/** How much traffic one moment of the slider shows: the hours up to it. */
export const TRAFFIC_WINDOW_MS = 6 * 3_600_000;
const STEPS = 200;
const PAUSE_MS = 150;

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

export function timeBar(first: number, last: number, show: (t: number | null) => Promise<void>): void {
  const slider = document.getElementById("time") as HTMLInputElement;
  const label = document.getElementById("time-label") as HTMLElement;
  const play = document.getElementById("play") as HTMLButtonElement;
  slider.max = String(STEPS);
  slider.value = String(STEPS);
  const at = () =>
    Number(slider.value) >= STEPS ? null : first + ((last - first) * Number(slider.value)) / STEPS;
  const update = async () => {
    const t = at();
    label.textContent = t === null ? "all times" : `${iso(t - TRAFFIC_WINDOW_MS)} – ${iso(t)} UTC`;
    document.body.dataset.time = t === null ? "all" : String(t);
    await show(t);
  };
  slider.addEventListener("input", () => void update());
  let playing = false;
  play.addEventListener("click", async () => {
    playing = !playing;
    play.textContent = playing ? "❚❚" : "▶";
    if (playing && Number(slider.value) >= STEPS) slider.value = "0";
    while (playing && Number(slider.value) < STEPS) {
      slider.value = String(Number(slider.value) + 1);
      await update();
      await new Promise((r) => setTimeout(r, PAUSE_MS));
    }
    playing = false;
    play.textContent = "▶";
  });
  label.textContent = "all times";
}
