// When to show the next change: at most once a frame, and at a slower rate while many units change
// at once (a restart storm), so keys keep the time between. A few units changing one after another
// (a service and its dependencies) is not a storm. Pure: the caller gives the clock.

export interface PacingOptions {
  /** The normal spacing of updates (a frame at 60 fps). */
  frameMs: number;
  /** The spacing while a burst lasts. */
  burstFrameMs: number;
  /** A burst: at least burstChanges unit changes shown within the last burstWindowMs. */
  burstChanges: number;
  burstWindowMs: number;
}

export const UI_PACING: PacingOptions = { frameMs: 16, burstFrameMs: 100, burstChanges: 40, burstWindowMs: 200 };

export class FramePacer {
  private last = -Infinity;
  /** Recent updates: when, and how many unit changes each showed. */
  private recent: { at: number; changes: number }[] = [];

  constructor(private readonly o: PacingOptions = UI_PACING) {}

  /** How long a change noticed now waits before it is shown (0: at once). */
  delay(now: number): number {
    const spacing = this.inBurst(now) ? this.o.burstFrameMs : this.o.frameMs;
    return Math.max(0, this.last + spacing - now);
  }

  /** An update showing this many unit changes went out now. */
  shown(now: number, changes: number): void {
    this.last = now;
    this.recent.push({ at: now, changes });
    this.recent = this.recent.filter((u) => now - u.at <= this.o.burstWindowMs);
  }

  private inBurst(now: number): boolean {
    let changes = 0;
    for (const u of this.recent) if (now - u.at <= this.o.burstWindowMs) changes += u.changes;
    return changes >= this.o.burstChanges;
  }
}
