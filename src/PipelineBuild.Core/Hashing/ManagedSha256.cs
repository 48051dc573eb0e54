using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PipelineBuild.Core.Hashing;

/// <summary>
/// SHA-256 (FIPS 180-4) in managed code. .NET's SHA-256 on Linux is OpenSSL's, and the first hash of a process
/// loads and initialises libssl and libcrypto (≈ 4 ms); a no-op hashes only small things (fingerprints, the
/// definition cache's key and entry), which this does without the library. OpenSSL's is several times faster
/// per byte, so file contents stay on it (docs/decisions.md, "SHA-256 without OpenSSL for small inputs").
/// </summary>
internal static class ManagedSha256
{
    public const int HashBytes = 32;
    private const int BlockBytes = 64;

    public static void HashData(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        CheckLength(destination);
        Span<uint> state = stackalloc uint[8];
        InitialState.CopyTo(state);
        Span<uint> schedule = stackalloc uint[64];
        var whole = source.Length - (source.Length % BlockBytes);
        for (var offset = 0; offset < whole; offset += BlockBytes)
        {
            Compress(state, source.Slice(offset, BlockBytes), schedule);
        }

        Finish(state, source[whole..], source.Length, schedule, destination);
    }

    private static ReadOnlySpan<uint> InitialState => [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

    private static void CheckLength(Span<byte> destination)
    {
        if (destination.Length < HashBytes)
        {
            throw new ArgumentException("A SHA-256 digest has 32 bytes.", nameof(destination));
        }
    }

    /// <summary>The padding after the last whole block (<paramref name="rest"/>, under 64 bytes), then the digest.</summary>
    private static void Finish(Span<uint> state, ReadOnlySpan<byte> rest, long length, Span<uint> schedule, Span<byte> destination)
    {
        // The padding: 0x80, zeros, then the message length in bits; one block, or two when the rest leaves no room.
        Span<byte> tail = stackalloc byte[2 * BlockBytes];
        tail.Clear();
        rest.CopyTo(tail);
        tail[rest.Length] = 0x80;
        var tailBytes = rest.Length + 1 + sizeof(ulong) <= BlockBytes ? BlockBytes : 2 * BlockBytes;
        BinaryPrimitives.WriteUInt64BigEndian(tail[(tailBytes - sizeof(ulong))..], (ulong)length * 8);
        for (var offset = 0; offset < tailBytes; offset += BlockBytes)
        {
            Compress(state, tail.Slice(offset, BlockBytes), schedule);
        }

        for (var i = 0; i < state.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(4 * i)..], state[i]);
        }
    }

    /// <summary>The SHA-256 of bytes given in parts (a file read a chunk at a time): what <see cref="HashData"/> of them all gives.</summary>
    public sealed class Incremental
    {
        private readonly uint[] _state = InitialState.ToArray();
        private readonly uint[] _schedule = new uint[64];
        private readonly byte[] _pending = new byte[BlockBytes];
        private int _pendingBytes;
        private long _length;

        public void Append(ReadOnlySpan<byte> data)
        {
            _length += data.Length;
            if (_pendingBytes > 0)
            {
                var taken = Math.Min(BlockBytes - _pendingBytes, data.Length);
                data[..taken].CopyTo(_pending.AsSpan(_pendingBytes));
                _pendingBytes += taken;
                data = data[taken..];
                if (_pendingBytes < BlockBytes)
                {
                    return;
                }

                Compress(_state, _pending, _schedule);
                _pendingBytes = 0;
            }

            var whole = data.Length - (data.Length % BlockBytes);
            for (var offset = 0; offset < whole; offset += BlockBytes)
            {
                Compress(_state, data.Slice(offset, BlockBytes), _schedule);
            }

            data[whole..].CopyTo(_pending);
            _pendingBytes = data.Length - whole;
        }

        /// <summary>The digest of everything appended; the hasher is spent.</summary>
        public void Finish(Span<byte> destination)
        {
            CheckLength(destination);
            ManagedSha256.Finish(_state, _pending.AsSpan(0, _pendingBytes), _length, _schedule, destination);
        }
    }

    private static void Compress(Span<uint> state, ReadOnlySpan<byte> block, Span<uint> schedule)
    {
        ref var w = ref MemoryMarshal.GetReference(schedule);
        ref var input = ref MemoryMarshal.GetReference(block);
        for (var i = 0; i < 16; i++)
        {
            Unsafe.Add(ref w, i) = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref input, 4 * i)));
        }

        for (var i = 16; i < 64; i++)
        {
            var w15 = Unsafe.Add(ref w, i - 15);
            var w2 = Unsafe.Add(ref w, i - 2);
            var s0 = BitOperations.RotateRight(w15, 7) ^ BitOperations.RotateRight(w15, 18) ^ (w15 >> 3);
            var s1 = BitOperations.RotateRight(w2, 17) ^ BitOperations.RotateRight(w2, 19) ^ (w2 >> 10);
            Unsafe.Add(ref w, i) = Unsafe.Add(ref w, i - 16) + s0 + Unsafe.Add(ref w, i - 7) + s1;
        }

        uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
        ref var k = ref MemoryMarshal.GetReference(RoundConstants);

        // Eight rounds per pass, written out, with the variables' roles rotated instead of their values moved.
        uint t1;
        for (var i = 0; i < 64; i += 8)
        {
            t1 = h + (BitOperations.RotateRight(e, 6) ^ BitOperations.RotateRight(e, 11) ^ BitOperations.RotateRight(e, 25)) + (g ^ (e & (f ^ g))) + Unsafe.Add(ref k, i) + Unsafe.Add(ref w, i);
            d += t1;
            h = t1 + (BitOperations.RotateRight(a, 2) ^ BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 22)) + ((a & b) | (c & (a | b)));
            t1 = g + (BitOperations.RotateRight(d, 6) ^ BitOperations.RotateRight(d, 11) ^ BitOperations.RotateRight(d, 25)) + (f ^ (d & (e ^ f))) + Unsafe.Add(ref k, i + 1) + Unsafe.Add(ref w, i + 1);
            c += t1;
            g = t1 + (BitOperations.RotateRight(h, 2) ^ BitOperations.RotateRight(h, 13) ^ BitOperations.RotateRight(h, 22)) + ((h & a) | (b & (h | a)));
            t1 = f + (BitOperations.RotateRight(c, 6) ^ BitOperations.RotateRight(c, 11) ^ BitOperations.RotateRight(c, 25)) + (e ^ (c & (d ^ e))) + Unsafe.Add(ref k, i + 2) + Unsafe.Add(ref w, i + 2);
            b += t1;
            f = t1 + (BitOperations.RotateRight(g, 2) ^ BitOperations.RotateRight(g, 13) ^ BitOperations.RotateRight(g, 22)) + ((g & h) | (a & (g | h)));
            t1 = e + (BitOperations.RotateRight(b, 6) ^ BitOperations.RotateRight(b, 11) ^ BitOperations.RotateRight(b, 25)) + (d ^ (b & (c ^ d))) + Unsafe.Add(ref k, i + 3) + Unsafe.Add(ref w, i + 3);
            a += t1;
            e = t1 + (BitOperations.RotateRight(f, 2) ^ BitOperations.RotateRight(f, 13) ^ BitOperations.RotateRight(f, 22)) + ((f & g) | (h & (f | g)));
            t1 = d + (BitOperations.RotateRight(a, 6) ^ BitOperations.RotateRight(a, 11) ^ BitOperations.RotateRight(a, 25)) + (c ^ (a & (b ^ c))) + Unsafe.Add(ref k, i + 4) + Unsafe.Add(ref w, i + 4);
            h += t1;
            d = t1 + (BitOperations.RotateRight(e, 2) ^ BitOperations.RotateRight(e, 13) ^ BitOperations.RotateRight(e, 22)) + ((e & f) | (g & (e | f)));
            t1 = c + (BitOperations.RotateRight(h, 6) ^ BitOperations.RotateRight(h, 11) ^ BitOperations.RotateRight(h, 25)) + (b ^ (h & (a ^ b))) + Unsafe.Add(ref k, i + 5) + Unsafe.Add(ref w, i + 5);
            g += t1;
            c = t1 + (BitOperations.RotateRight(d, 2) ^ BitOperations.RotateRight(d, 13) ^ BitOperations.RotateRight(d, 22)) + ((d & e) | (f & (d | e)));
            t1 = b + (BitOperations.RotateRight(g, 6) ^ BitOperations.RotateRight(g, 11) ^ BitOperations.RotateRight(g, 25)) + (a ^ (g & (h ^ a))) + Unsafe.Add(ref k, i + 6) + Unsafe.Add(ref w, i + 6);
            f += t1;
            b = t1 + (BitOperations.RotateRight(c, 2) ^ BitOperations.RotateRight(c, 13) ^ BitOperations.RotateRight(c, 22)) + ((c & d) | (e & (c | d)));
            t1 = a + (BitOperations.RotateRight(f, 6) ^ BitOperations.RotateRight(f, 11) ^ BitOperations.RotateRight(f, 25)) + (h ^ (f & (g ^ h))) + Unsafe.Add(ref k, i + 7) + Unsafe.Add(ref w, i + 7);
            e += t1;
            a = t1 + (BitOperations.RotateRight(b, 2) ^ BitOperations.RotateRight(b, 13) ^ BitOperations.RotateRight(b, 22)) + ((b & c) | (d & (b | c)));
        }

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }

    private static ReadOnlySpan<uint> RoundConstants =>
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];
}
