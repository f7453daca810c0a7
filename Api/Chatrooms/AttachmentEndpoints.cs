using System.Security.Cryptography;
using GeminiClone.Api.Auth;
using GeminiClone.Api.Hosting;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Responses;
using GeminiClone.Grains.Interfaces.Attachments;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace GeminiClone.Api.Chatrooms;

/// <summary>
/// Files in a chatroom. An upload is read by ASP.NET Core's form reader, which spools a file to disk past 64 KiB,
/// so the gateway never holds one in memory; it is inspected from its bytes, hashed, streamed into the store, and
/// only then added to the chatroom (which may still refuse it, and then its bytes are dropped again).
/// </summary>
public static class AttachmentEndpoints
{
    private const string NotFoundDetail = "Attachment not found.";

    /// <summary>Room for the multipart envelope around the file.</summary>
    private const long MultipartOverhead = 64 * 1024;

    public static RouteGroupBuilder MapAttachmentApi(this RouteGroupBuilder chatrooms)
    {
        chatrooms.MapPost("/{id:length(1,64)}/attachments", UploadAsync).WithName("UploadAttachment")
            .WithSummary("Upload one file (multipart/form-data, field 'file') to the chatroom, to send with a message")
            .DisableAntiforgery()
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["multipart/form-data"] = new()
                        {
                            Schema = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Object,
                                Required = new HashSet<string> { "file" },
                                Properties = new Dictionary<string, IOpenApiSchema>
                                {
                                    ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The file; its type is read from its bytes." },
                                },
                            },
                        },
                    },
                };
                return Task.CompletedTask;
            })
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status409Conflict);
        chatrooms.MapGet("/{id:length(1,64)}/attachments/{attachmentId:length(1,64)}", DownloadAsync).WithName("DownloadAttachment")
            .WithSummary("The file, with its media type; supports range requests")
            .ProducesFileDownload();
        chatrooms.MapDelete("/{id:length(1,64)}/attachments/{attachmentId:length(1,64)}", DeleteAsync).WithName("DeleteAttachment")
            .WithSummary("Delete an attachment no message has sent yet")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return chatrooms;
    }

    /// <summary>
    /// The chatroom and the owner's plan decide (may upload, largest file, today's allowance, giving it back when the
    /// file is not kept); this reads the body, inspects and stores the bytes, and answers in HTTP.
    /// </summary>
    public static async Task<Results<Created<ApiResponse<AttachmentData>>, TooManyRequestsProblem, ProblemHttpResult>> UploadAsync(
        string id, HttpContext httpContext, IGrainFactory grains, [FromServices] IAttachmentStore? store, [FromServices] IAttachmentInspector inspector,
        TimeProvider clock)
    {
        if (store is null)
        {
            return NoStore();
        }

        var userId = httpContext.User.GetUserId();
        var chatroom = grains.GetGrain<IChatroomGrain>(id);
        var window = await chatroom.OpenAttachmentUploadAsync(userId);
        if (Refused(window.Status) is { } refused)
        {
            return refused;
        }

        var (file, unread) = await ReadFileAsync(httpContext, window.MaxFileBytes);
        if (unread is not null)
        {
            return unread;
        }

        var name = FileNames.Safe(file.FileName);
        await using var content = file.OpenReadStream();
        var (inspected, refusal) = await inspector.InspectAsync(content, name, file.ContentType, httpContext.RequestAborted);
        if (refusal is not null)
        {
            return ApiProblems.Status(refusal.StatusCode, refusal.Detail);
        }

        var reservation = await chatroom.ReserveAttachmentUploadAsync(userId, file.Length);
        if (reservation is { Status: AttachmentAddStatus.OverDailyAllowance, Allowance: { } allowance })
        {
            return ApiProblems.TooManyRequests(
                $"{name} would go over today's {Size(allowance.DailyBytes)} of attachments ({Size(allowance.RemainingBytes)} left); it resets at midnight UTC.",
                allowance.ResetsAt - clock.GetUtcNow());
        }

        if (Refused(reservation.Status, name, window.MaxFileBytes) is { } notReserved)
        {
            return notReserved;
        }

        var attachment = await DescribeAsync(content, name, inspected!, clock, httpContext.RequestAborted);
        try
        {
            await store.SaveAsync(attachment.Id, id, attachment.Sha256, attachment.Size, content, httpContext.RequestAborted);
        }
        catch
        {
            await chatroom.AbandonAttachmentUploadAsync(userId, file.Length);
            throw;
        }

        return Refused(await chatroom.AddUploadedAttachmentAsync(userId, attachment), name) is { } late
            ? late
            : TypedResults.Created($"/chatroom/{id}/attachments/{attachment.Id}",
                ApiResponse.Ok("Attachment uploaded successfully", AttachmentData.From(attachment)));
    }

    /// <summary>The attachment the inspected bytes make, hashed; <paramref name="content"/> is left at its start, to be stored.</summary>
    private static async Task<Attachment> DescribeAsync(
        Stream content, string name, InspectedFile inspected, TimeProvider clock, CancellationToken cancellationToken)
    {
        content.Position = 0;
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
        content.Position = 0;
        return new Attachment(ResourceIds.New(), name, inspected.MediaType, content.Length, sha256, clock.GetUtcNow())
        {
            Width = inspected.Width,
            Height = inspected.Height,
        };
    }

    /// <summary>
    /// The one file of a multipart upload of at most <paramref name="maxBytes"/>, or the problem to answer instead.
    /// The form reader spools a file past 64 KiB to disk.
    /// </summary>
    private static async Task<(IFormFile File, ProblemHttpResult? Problem)> ReadFileAsync(HttpContext httpContext, long maxBytes)
    {
        if (httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + MultipartOverhead;
        }

        if (!httpContext.Request.HasFormContentType
            || !httpContext.Request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return Unread(ApiProblems.Status(StatusCodes.Status415UnsupportedMediaType, "Upload the file as multipart/form-data, in a field named 'file'."));
        }

        IFormCollection form;
        try
        {
            form = await httpContext.Request.ReadFormAsync(httpContext.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Unread(TooLarge("The file", maxBytes));
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return Unread(ApiProblems.BadRequest("The multipart body could not be read."));
        }

        return form.Files switch
        {
            not [_] => Unread(ApiProblems.BadRequest($"Send exactly one file per request, in a field named 'file' ({form.Files.Count} were sent).")),
            [{ Length: 0 } empty] => Unread(ApiProblems.BadRequest($"{FileNames.Safe(empty.FileName)}: the file is empty.")),
            [{ } large] when large.Length > maxBytes => Unread(TooLarge(FileNames.Safe(large.FileName), maxBytes)),
            [var one] => (one, null),
        };
    }

    private static (IFormFile File, ProblemHttpResult? Problem) Unread(ProblemHttpResult problem) => (null!, problem);

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(
        string id, string attachmentId, HttpContext httpContext, IGrainFactory grains, [FromServices] IAttachmentStore? store)
    {
        if (store is null)
        {
            return NoStore();
        }

        var attachment = await grains.GetGrain<IChatroomGrain>(id).GetAttachmentAsync(httpContext.User.GetUserId(), attachmentId);
        if (attachment is null || await store.OpenReadAsync(attachment.Sha256, httpContext.RequestAborted) is not { } content)
        {
            return ApiProblems.NotFound(NotFoundDetail);
        }

        // The type was decided from the bytes; a browser must not second-guess it.
        httpContext.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Stream(content, attachment.MediaType, attachment.Name, attachment.UploadedAt,
            new EntityTagHeaderValue($"\"{attachment.Sha256}\""), enableRangeProcessing: true);
    }

    public static async Task<Results<Ok<ApiResponse<object?>>, ProblemHttpResult>> DeleteAsync(
        string id, string attachmentId, HttpContext httpContext, IGrainFactory grains)
    {
        return await grains.GetGrain<IChatroomGrain>(id).DeleteAttachmentAsync(httpContext.User.GetUserId(), attachmentId) switch
        {
            AttachmentDeleteStatus.Deleted => TypedResults.Ok(ApiResponse.Ok<object?>("Attachment deleted successfully", null)),
            AttachmentDeleteStatus.InUse => ApiProblems.Conflict("A message has sent this attachment; it stays with the conversation."),
            _ => ApiProblems.NotFound(NotFoundDetail),
        };
    }

    private static ProblemHttpResult? Refused(AttachmentAddStatus status, string? name = null, long maxBytes = 0) => status switch
    {
        AttachmentAddStatus.Added => null,
        AttachmentAddStatus.TooLarge => TooLarge(name ?? "The file", maxBytes),
        AttachmentAddStatus.UnsupportedByModel => ApiProblems.Status(StatusCodes.Status415UnsupportedMediaType,
            $"{name}: this chatroom's model does not read files of this type."),
        AttachmentAddStatus.TooManyPending => ApiProblems.Conflict("The chatroom holds as many unsent attachments as it may; send or delete some first."),
        _ => ApiProblems.NotFound("Chatroom not found."),
    };

    /// <summary>A production gateway stores uploads in PostgreSQL itself, so it needs the connection string too.</summary>
    private static ProblemHttpResult NoStore() => ApiProblems.Status(
        StatusCodes.Status503ServiceUnavailable, "Attachments are not configured: the gateway needs PostgreSQL (DATABASE_URL).");

    private static ProblemHttpResult TooLarge(string name, long maxBytes) => ApiProblems.Status(
        StatusCodes.Status413PayloadTooLarge, $"{name} is larger than the {Size(maxBytes)} your plan allows per file.");

    private static string Size(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024.0):0.#} MB" : $"{bytes / 1024.0:0.#} KB";
}

/// <summary>An attachment as clients see it.</summary>
/// <param name="Sent">A message has sent it to Gemini: it can no longer be deleted on its own.</param>
public sealed record AttachmentData(string Id, string Name, string MediaType, long Size, int? Width, int? Height, DateTime UploadedAt, bool Sent)
{
    public static AttachmentData From(Attachment attachment) => new(
        attachment.Id, attachment.Name, attachment.MediaType, attachment.Size, attachment.Width, attachment.Height,
        attachment.UploadedAt.UtcDateTime, attachment.UsedInTurn is not null);
}

/// <summary>The client's file name, made safe to store and to send back in <c>Content-Disposition</c>.</summary>
public static class FileNames
{
    public const int MaxLength = 200;

    public static string Safe(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string([.. name.Where(c => !char.IsControl(c))]).Trim();
        return name.Length == 0 ? "file" : name.Length <= MaxLength ? name : name[..MaxLength];
    }
}
