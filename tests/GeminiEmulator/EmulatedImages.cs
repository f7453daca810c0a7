using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace GeminiClone.GeminiEmulator;

/// <summary>
/// The images the emulated model draws: real PNGs (a client may decode, measure or store them), 64 pixels wide and
/// as tall as <c>imageConfig.aspectRatio</c> makes them (64x48 without one, 64x36 at 16:9), one solid colour for the
/// answer and another for a draft. Made once, when the emulator first draws, so an answer costs no encoding.
/// </summary>
internal static class EmulatedImages
{
    /// <summary>The ratios Gemini's image models take, as its docs list them.</summary>
    public static readonly string[] AspectRatios = ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"];

    public static readonly string[] ImageSizes = ["1K", "2K", "4K"];

    private const int Width = 64;
    private const uint AnswerColour = 0x4285F4;
    private const uint DraftColour = 0x9AA0A6;

    // Before Drawn: static fields are set in the order they are written.
    private static readonly uint[] CrcTable = [.. Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }

        return c;
    })];

    private static readonly Dictionary<(string? Ratio, bool Draft), string> Drawn =
        AspectRatios.Append(null).SelectMany(ratio => new[] { false, true }.Select(draft => (ratio, draft)))
            .ToDictionary(key => key, key => Draw(key.ratio, key.draft ? DraftColour : AnswerColour));

    /// <summary>
    /// The answer's image part; a draft (<c>thought: true</c>) is what Gemini 3's image models show of their thinking
    /// and a client must drop. The answer's image carries a signature of its own, as Gemini signs every image it sends.
    /// </summary>
    public static JsonObject Part(string? aspectRatio, bool draft)
    {
        var base64 = Drawn[(aspectRatio, draft)];
        var part = new JsonObject { ["inlineData"] = new JsonObject { ["mimeType"] = "image/png", ["data"] = base64 } };
        if (draft)
        {
            part["thought"] = true;
        }
        else
        {
            part["thoughtSignature"] = GeminiEmulatorApp.SignatureFor(base64);
        }

        return part;
    }

    private static string Draw(string? aspectRatio, uint rgb)
    {
        var (across, down) = aspectRatio?.Split(':') is [var a, var d] ? (double.Parse(a, CultureInfo.InvariantCulture), double.Parse(d, CultureInfo.InvariantCulture)) : (4, 3);
        return Convert.ToBase64String(Png(Width, (int)Math.Round(Width * down / across), rgb));
    }

    /// <summary>A truecolour PNG of one colour: signature, IHDR, one zlib IDAT of unfiltered rows, IEND (RFC 2083).</summary>
    private static byte[] Png(int width, int height, uint rgb)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per sample
        header[9] = 2; // colour type: RGB; compression, filter and interlace stay 0

        var row = new byte[1 + (width * 3)]; // filter byte 0 (none), then the pixels
        for (var x = 0; x < width; x++)
        {
            row[1 + (x * 3)] = (byte)(rgb >> 16);
            row[2 + (x * 3)] = (byte)(rgb >> 8);
            row[3 + (x * 3)] = (byte)rgb;
        }

        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                zlib.Write(row);
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", pixels.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        var typeAndData = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type, typeAndData);
        data.CopyTo(typeAndData, 4);
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typeAndData));
        png.Write(number);
    }

    /// <summary>PNG's CRC-32 (ISO 3309); System.IO.Hashing has one, but it is a package this project does not take.</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
