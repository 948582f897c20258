package dev.slipway.evidence;

import java.io.OutputStream;
import java.util.Arrays;
import org.jdbi.v3.core.Handle;

/**
 * Writes the compressed raw report of a run into {@code evidence_raw_chunks} as it is produced, one
 * row per {@link #CHUNK_SIZE} bytes, inside the upload's transaction. Memory holds one chunk.
 */
final class RawReportOutput extends OutputStream {
  static final int CHUNK_SIZE = 512 * 1024;

  private final Handle handle;
  private final long runId;
  private final byte[] buffer = new byte[CHUNK_SIZE];
  private int filled;
  private int chunks;
  private long written;

  RawReportOutput(Handle handle, long runId) {
    this.handle = handle;
    this.runId = runId;
  }

  @Override
  public void write(int b) {
    if (filled == buffer.length) {
      flushChunk();
    }
    buffer[filled++] = (byte) b;
    written++;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    int position = offset;
    int remaining = length;
    while (remaining > 0) {
      if (filled == buffer.length) {
        flushChunk();
      }
      int count = Math.min(remaining, buffer.length - filled);
      System.arraycopy(bytes, position, buffer, filled, count);
      filled += count;
      position += count;
      remaining -= count;
      written += count;
    }
  }

  @Override
  public void close() {
    if (filled > 0) {
      flushChunk();
    }
  }

  /** How many compressed bytes were written. */
  long written() {
    return written;
  }

  private void flushChunk() {
    handle
        .createUpdate(
            "INSERT INTO evidence_raw_chunks (run_id, seq, content) VALUES (:run, :seq, :content)")
        .bind("run", runId)
        .bind("seq", chunks++)
        .bind("content", Arrays.copyOf(buffer, filled))
        .execute();
    filled = 0;
  }
}
