using System.Buffers.Text;
using System.Security.Cryptography;

namespace GeminiClone.Grains.Interfaces.Shares;

/// <summary>
/// What a share link's id looks like: 18 bytes from the OS CSPRNG (144 bits, above the 128 that make an id
/// unguessable), in base64url, so 24 characters of <c>A-Z a-z 0-9 - _</c> that need no escaping in a URL. The id is
/// the link's only secret: whoever has it reads the snapshot, so it is never derived from anything else.
/// </summary>
public static class ShareIds
{
    private const int RandomBytes = 18;

    public const int Length = 24;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    /// <summary>Whether <paramref name="id"/> could be a share id; anything else is a 404 before any grain is asked.</summary>
    public static bool IsWellFormed(string? id)
    {
        if (id is not { Length: Length })
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
