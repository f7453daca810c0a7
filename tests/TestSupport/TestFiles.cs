using System.Buffers.Binary;
using SkiaSharp;

namespace GeminiClone.TestSupport;

/// <summary>Files for attachment tests: real images, and images that lie.</summary>
public static class TestFiles
{
    public static byte[] Png(int width, int height) => Encode(width, height, SKEncodedImageFormat.Png);

    public static byte[] Jpeg(int width, int height) => Encode(width, height, SKEncodedImageFormat.Jpeg);

    /// <summary>The smallest GIF there is: one transparent pixel (SkiaSharp encodes no GIF, so here are its 43 bytes).</summary>
    public static byte[] Gif1x1 { get; } = Convert.FromBase64String("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

    /// <summary>
    /// A decompression bomb: a real small PNG whose header (IHDR, with a correct checksum) declares
    /// <paramref name="width"/> × <paramref name="height"/> pixels.
    /// </summary>
    public static byte[] PngDeclaring(int width, int height)
    {
        var png = Png(8, 8);
        // Signature (8 bytes), IHDR length (4) and type (4), then width and height, then the chunk's CRC at 29.
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
        return png;
    }

    /// <summary>A PNG cut off after its header and a few bytes of pixels: it says what it is but does not decode.</summary>
    public static byte[] TruncatedPng(int width, int height) => Png(width, height)[..60];

    private static byte[] Encode(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            // Noise rather than a flat colour, so the encoded size is not trivially small.
            var random = new Random(width * 31 + height);
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    bitmap.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
                }
            }

            canvas.Flush();
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>PNG's chunk checksum (ISO 3309 CRC-32).</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
