package dev.slipway.evidence;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies every byte a parser reads to another stream, so that a report is kept while it is parsed
 * and is read from the request only once.
 */
final class RecordingInputStream extends FilterInputStream {
  private final OutputStream copy;
  private long count;

  RecordingInputStream(InputStream input, OutputStream copy) {
    super(input);
    this.copy = copy;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      copy.write(b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    int read = super.read(bytes, offset, length);
    if (read > 0) {
      copy.write(bytes, offset, read);
      count += read;
    }
    return read;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] discard = new byte[(int) Math.min(n, 8192)];
    int read = read(discard, 0, discard.length);
    return Math.max(read, 0);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int limit) {}

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("a recorded report cannot be re-read");
  }

  /** Parsers may stop at the end of their document; the rest of the upload is kept too. */
  void drain() throws IOException {
    byte[] buffer = new byte[64 * 1024];
    int read;
    do {
      read = read(buffer, 0, buffer.length);
    } while (read >= 0);
  }

  /** Closing the parser's stream must not close the request before it is drained. */
  @Override
  public void close() {}

  long count() {
    return count;
  }
}
