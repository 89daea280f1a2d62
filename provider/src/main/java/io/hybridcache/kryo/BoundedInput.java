package io.hybridcache.kryo;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;

/**
 * A Kryo input over a byte array that refuses a declared length the bytes left cannot hold before anything is
 * allocated for it. Kryo 5.6.2 allocates a string's characters and a primitive array from the length it reads, so
 * corrupt bytes (or bytes of a class whose shape changed) could otherwise ask for gigabytes. Every character takes at
 * least one byte, every array element at least one (variable-length numbers) or its fixed width.
 *
 * <p>Object arrays and collections are not covered: Kryo sizes them inside its serializers. A size there that does
 * not fit in memory ends as an {@link OutOfMemoryError} that {@link KryoPool} reports as corrupt bytes.
 */
final class BoundedInput extends Input {

  BoundedInput(byte[] buffer, int offset, int count) {
    super(buffer, offset, count);
  }

  @Override
  public String readString() {
    checkDeclaredCharCount();
    return super.readString();
  }

  @Override
  public StringBuilder readStringBuilder() {
    checkDeclaredCharCount();
    return super.readStringBuilder();
  }

  /** Reads ahead the character count of a UTF-8 string (ASCII ones end with a mark and need no check). */
  private void checkDeclaredCharCount() {
    int start = position;
    if (readVarIntFlag()) {
      int charCount = readVarIntFlag(true) - 1; // 0 is null, 1 is empty
      checkLength(charCount, 1);
      setPosition(start);
    }
  }

  @Override
  public byte[] readBytes(int length) {
    checkLength(length, Byte.BYTES);
    return super.readBytes(length);
  }

  @Override
  public int[] readInts(int length) {
    checkLength(length, Integer.BYTES);
    return super.readInts(length);
  }

  @Override
  public int[] readInts(int length, boolean optimizePositive) {
    checkLength(length, 1);
    return super.readInts(length, optimizePositive);
  }

  @Override
  public long[] readLongs(int length) {
    checkLength(length, Long.BYTES);
    return super.readLongs(length);
  }

  @Override
  public long[] readLongs(int length, boolean optimizePositive) {
    checkLength(length, 1);
    return super.readLongs(length, optimizePositive);
  }

  @Override
  public float[] readFloats(int length) {
    checkLength(length, Float.BYTES);
    return super.readFloats(length);
  }

  @Override
  public double[] readDoubles(int length) {
    checkLength(length, Double.BYTES);
    return super.readDoubles(length);
  }

  @Override
  public short[] readShorts(int length) {
    checkLength(length, Short.BYTES);
    return super.readShorts(length);
  }

  @Override
  public char[] readChars(int length) {
    checkLength(length, Character.BYTES);
    return super.readChars(length);
  }

  private void checkLength(int length, int minimumBytesEach) {
    if (length < 0 || (long) length * minimumBytesEach > limit - position) {
      throw new KryoException("Declared length " + length + " does not fit in the " + (limit - position)
          + " bytes left");
    }
  }
}
