// When to show the next change: at most once a frame, and at a slower rate while changes keep
// coming frame after frame (a restart storm), so keys keep the time between. Pure: the caller gives
// the clock.

export interface PacingOptions {
  /** The normal spacing of updates (a frame at 60 fps). */
  frameMs: number;
  /** The spacing while a burst lasts. */
  burstFrameMs: number;
  /** Back-to-back updates that make a burst. */
  burstFrames: number;
}

export const UI_PACING: PacingOptions = { frameMs: 16, burstFrameMs: 100, burstFrames: 4 };

export class FramePacer {
  private last = -Infinity;
  /** Updates shown right after the one before (within two frames). */
  private backToBack = 0;

  constructor(private readonly o: PacingOptions = UI_PACING) {}

  /** How long a change noticed now waits before it is shown (0: at once). */
  delay(now: number): number {
    const spacing = this.backToBack >= this.o.burstFrames ? this.o.burstFrameMs : this.o.frameMs;
    return Math.max(0, this.last + spacing - now);
  }

  /** An update was shown now. */
  shown(now: number): void {
    this.backToBack = now - this.last < 2 * this.o.frameMs ? this.backToBack + 1 : 0;
    this.last = now;
  }
}
