using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace GeminiClone.Grains.Interfaces.Users.ApiKeys;

/// <summary>
/// What an API key looks like: <c>gc_</c> and 32 random bytes in base64url. Only its SHA-256 is stored (a key has
/// 256 bits of entropy, so a fast hash is enough: nothing can be guessed from it); the key's id is the first half of
/// that hash in hex, so the gateway finds the key's grain from the key alone and the id itself opens nothing.
/// </summary>
public static class ApiKeyFormat
{
    public const string Prefix = "gc_";
    private const int SecretBytes = 32;
    private const int EncodedLength = 43;

    public static string NewKey() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>Whether <paramref name="value"/> claims to be an API key (as opposed to a JWT).</summary>
    public static bool LooksLikeKey(ReadOnlySpan<char> value) => value.StartsWith(Prefix, StringComparison.Ordinal);

    public static bool IsWellFormed(string key) =>
        key.Length == Prefix.Length + EncodedLength && LooksLikeKey(key) && Base64Url.IsValid(key.AsSpan(Prefix.Length));

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.ASCII.GetBytes(key));

    public static string IdOf(byte[] hash) => Convert.ToHexStringLower(hash, 0, 16);

    /// <summary>What a list shows of a key: enough to recognise it, nothing like enough to use it.</summary>
    public static string Visible(string key) => key[..(Prefix.Length + 6)];
}
