/**
 * The server's clock as seen from this panel. Each response's `X-Server-Time` gives one sample
 * `offset = server - (sent + received) / 2`, exact to within half the round trip. A new sample
 * replaces the current offset only when it disagrees by more than its own uncertainty, so the
 * countdown does not jitter, yet follows a real jump of either clock at once.
 */
export class ServerClock {
  private offset = 0;
  private uncertainty = Number.POSITIVE_INFINITY;

  sample(sentAt: number, receivedAt: number, serverTime: number): void {
    if (!Number.isFinite(serverTime)) return;
    const rtt = Math.max(0, receivedAt - sentAt);
    const offset = serverTime - (sentAt + receivedAt) / 2;
    const half = rtt / 2;
    if (Math.abs(offset - this.offset) > half + this.uncertainty || half <= this.uncertainty) {
      this.offset = offset;
      this.uncertainty = half;
    }
  }

  now(): number {
    return Date.now() + this.offset;
  }
}
