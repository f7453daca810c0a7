namespace GeminiClone.Grains.Interfaces.Ids;

/// <summary>
/// Random ids for what only has to be unique, on a turn's path: <see cref="Guid.NewGuid"/> draws from the kernel's
/// random source on Linux, a system call of 1.4 µs per id here (a read of <c>/dev/urandom</c>; OpenSSL's generator is
/// slower still), and a plain turn made seven. These draw 122 bits from the runtime's per-thread generator instead
/// (seeded from the kernel), in the layout of a version 4 Guid. Never for a secret or anything a client must not
/// guess: tokens, keys and ids a client is shown stay on the cryptographic generators.
/// </summary>
public static class UniqueIds
{
    public static Guid NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        // RFC 9562 4.1 and 4.2 in Guid's little-endian byte order: the version in byte 7's high nibble, the variant in byte 8.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
