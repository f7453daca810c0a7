using System.Buffers;
using System.Text;
using GeminiClone.Grains.Interfaces.Attachments;
using MetadataExtractor;
using MetadataExtractor.Formats.Gif;
using MetadataExtractor.Formats.Heif;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Png;
using MetadataExtractor.Formats.WebP;
using MetadataExtractor.Util;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace GeminiClone.Grains.Adapters.Images;

/// <summary>
/// Decides what an uploaded file is from its bytes, never from its name or the client's word: the type from its
/// magic numbers (MetadataExtractor's detector, and <c>%PDF-</c>), an image's size from its header before anything
/// decodes it (so a decompression bomb is refused unopened), then a real decode (SkiaSharp, at an eighth of the
/// size where the format allows, else a row at a time) so a file that only looks like an image is refused too.
/// Text is accepted when every byte is valid UTF-8 and no control character but tab, line breaks and form feed
/// appears. The stream must be seekable (ASP.NET Core buffers uploads to disk); each pass rewinds it.
/// </summary>
public sealed class AttachmentInspector(IOptions<AttachmentOptions> settings) : IAttachmentInspector
{
    /// <summary>The most pixels decoded at once (16 MB at 4 bytes each); larger images are decoded a row at a time.</summary>
    private const long MaxDecodedPixels = 4_000_000;

    public async Task<(InspectedFile? File, AttachmentRefusal? Refusal)> InspectAsync(
        Stream content, string name, string? declaredType, CancellationToken cancellationToken = default)
    {
        var options = settings.Value;
        var detected = await DetectAsync(content, cancellationToken);
        if (detected is null)
        {
            return Refuse(415, $"{name}: its bytes are not a type we take ({Describe(options.AllowedTypes)}).");
        }

        if (Normalize(declaredType) is { } declared && declared != "application/octet-stream" && declared != detected)
        {
            return Refuse(400, $"{name}: it says it is {declared}, but its bytes are {detected}.");
        }

        if (!options.AllowedTypes.Contains(detected, StringComparer.OrdinalIgnoreCase))
        {
            return Refuse(415, $"{name}: {detected} is not a type we take ({Describe(options.AllowedTypes)}).");
        }

        if (!detected.StartsWith("image/", StringComparison.Ordinal))
        {
            return (new InspectedFile(detected), null);
        }

        content.Position = 0;
        if (ReadDimensions(content) is not var (width, height))
        {
            return Refuse(400, $"{name}: the image does not say how large it is; it does not decode.");
        }

        if ((long)width * height > options.MaxImagePixels)
        {
            return Refuse(400, $"{name}: the image declares {width:N0} × {height:N0} pixels, more than the {options.MaxImagePixels:N0} we take.");
        }

        // HEIC/HEIF has no decoder here (SkiaSharp's Linux build has none); its header was read above.
        if (detected is not ("image/heic" or "image/heif"))
        {
            content.Position = 0;
            if (!Decodes(content))
            {
                return Refuse(400, $"{name}: the image does not decode.");
            }
        }

        return (new InspectedFile(detected, width, height), null);
    }

    private static (InspectedFile?, AttachmentRefusal?) Refuse(int status, string detail) => (null, new AttachmentRefusal(status, detail));

    private static string Describe(IEnumerable<string> types) => string.Join(", ", types);

    private static string? Normalize(string? mediaType) =>
        mediaType?.Split(';')[0].Trim().ToLowerInvariant() switch
        {
            null or "" => null,
            "image/jpg" or "image/pjpeg" => "image/jpeg",
            "image/heic-sequence" => "image/heic",
            "image/heif-sequence" => "image/heif",
            var other => other,
        };

    private static async Task<string?> DetectAsync(Stream content, CancellationToken cancellationToken)
    {
        var header = new byte[16];
        content.Position = 0;
        var read = await content.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        if (read >= 5 && header.AsSpan(0, 5).SequenceEqual("%PDF-"u8))
        {
            return "application/pdf";
        }

        content.Position = 0;
        var type = FileTypeDetector.DetectFileType(content);
        switch (type)
        {
            case FileType.Png:
                return "image/png";
            case FileType.Jpeg:
                return "image/jpeg";
            case FileType.Gif:
                return "image/gif";
            case FileType.WebP:
                return "image/webp";
            case FileType.Heif:
                // The major brand says whether it holds HEVC images (HEIC) or other codecs (HEIF).
                return read >= 12 && Encoding.ASCII.GetString(header, 8, 4) is "heic" or "heix" or "hevc" or "hevx" ? "image/heic" : "image/heif";
            case FileType.Unknown:
                return read > 0 && await IsTextAsync(content, cancellationToken) ? "text/plain" : null;
            default:
                return null;
        }
    }

    private static async Task<bool> IsTextAsync(Stream content, CancellationToken cancellationToken)
    {
        content.Position = 0;
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var chars = ArrayPool<char>.Shared.Rent(64 * 1024 + 4);
        try
        {
            while (true)
            {
                var read = await content.ReadAsync(bytes.AsMemory(0, 64 * 1024), cancellationToken);
                var decoded = decoder.GetChars(bytes, 0, read, chars, 0, flush: read == 0);
                if (chars.AsSpan(0, decoded).ContainsAny(Control))
                {
                    return false;
                }

                if (read == 0)
                {
                    return true;
                }
            }
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>C0 controls other than tab, line feed, form feed and carriage return, and DEL.</summary>
    private static readonly SearchValues<char> Control = SearchValues.Create(
        [.. Enumerable.Range(0, 32).Where(c => c is not ('\t' or '\n' or '\f' or '\r')).Select(c => (char)c), '\u007f']);

    private static (int Width, int Height)? ReadDimensions(Stream content)
    {
        IReadOnlyList<MetadataExtractor.Directory> directories;
        try
        {
            directories = ImageMetadataReader.ReadMetadata(content);
        }
        catch (Exception e) when (e is ImageProcessingException or IOException)
        {
            return null;
        }

        foreach (var directory in directories)
        {
            var (widthTag, heightTag) = directory switch
            {
                JpegDirectory => (JpegDirectory.TagImageWidth, JpegDirectory.TagImageHeight),
                PngDirectory => (PngDirectory.TagImageWidth, PngDirectory.TagImageHeight),
                GifHeaderDirectory => (GifHeaderDirectory.TagImageWidth, GifHeaderDirectory.TagImageHeight),
                WebPDirectory => (WebPDirectory.TagImageWidth, WebPDirectory.TagImageHeight),
                HeicImagePropertiesDirectory => (HeicImagePropertiesDirectory.TagImageWidth, HeicImagePropertiesDirectory.TagImageHeight),
                _ => (-1, -1),
            };
            if (widthTag >= 0 && directory.TryGetInt32(widthTag, out var width) && directory.TryGetInt32(heightTag, out var height)
                && width > 0 && height > 0)
            {
                return (width, height);
            }
        }

        return null;
    }

    /// <summary>
    /// Decodes every pixel: the whole image at once when it (scaled down, where the format can scale, as JPEG and
    /// WebP can) has at most <see cref="MaxDecodedPixels"/>, else a row at a time, so memory stays bounded either way.
    /// </summary>
    private static bool Decodes(Stream content)
    {
        using var codec = SKCodec.Create(new SKManagedStream(content, disposeManagedStream: false), out var result);
        if (codec is null || result != SKCodecResult.Success)
        {
            return false;
        }

        var scaled = codec.GetScaledDimensions(0.125f);
        if ((long)scaled.Width * scaled.Height <= MaxDecodedPixels)
        {
            var info = codec.Info.WithSize(scaled.Width, scaled.Height).WithColorType(SKImageInfo.PlatformColorType);
            using var bitmap = new SKBitmap(info);
            return codec.GetPixels(info, bitmap.GetPixels()) == SKCodecResult.Success;
        }

        var full = codec.Info.WithColorType(SKImageInfo.PlatformColorType);
        var started = codec.StartScanlineDecode(full);
        if (started == SKCodecResult.Unimplemented)
        {
            // A format with no row-by-row decoding (interlaced): its header was read and its size is within bounds.
            return true;
        }

        if (started != SKCodecResult.Success)
        {
            return false;
        }

        using var row = new SKBitmap(full.WithSize(full.Width, 1));
        for (var y = 0; y < full.Height; y++)
        {
            if (codec.GetScanlines(row.GetPixels(), 1, full.RowBytes) != 1)
            {
                return false;
            }
        }

        return true;
    }
}
