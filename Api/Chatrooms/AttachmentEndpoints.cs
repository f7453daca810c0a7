using System.Security.Cryptography;
using GeminiClone.Api.Auth;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Responses;
using GeminiClone.Grains.Adapters.Images;
using GeminiClone.Grains.Interfaces.Attachments;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
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
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // The media type is the file's own, so any; 206 and 416 answer a Range header, 304 an If-None-Match.
                operation.Responses ??= [];
                operation.Responses["200"] = Bytes("The file.");
                operation.Responses["206"] = Bytes("The requested range of the file.");
                operation.Responses["304"] = new OpenApiResponse { Description = "Not modified: the ETag sent in If-None-Match still matches." };
                operation.Responses["416"] = new OpenApiResponse { Description = "The requested range is not within the file." };
                return Task.CompletedTask;
            });
        chatrooms.MapDelete("/{id:length(1,64)}/attachments/{attachmentId:length(1,64)}", DeleteAsync).WithName("DeleteAttachment")
            .WithSummary("Delete an attachment no message has sent yet")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return chatrooms;
    }

    public static async Task<Results<Created<ApiResponse<AttachmentData>>, TooManyRequestsProblem, ProblemHttpResult>> UploadAsync(
        string id, HttpContext httpContext, IGrainFactory grains, [FromServices] IAttachmentStore? store, IOptions<AttachmentOptions> options,
        TimeProvider clock)
    {
        if (store is null)
        {
            return NoStore();
        }

        var userId = httpContext.User.GetUserId();
        var chatroom = grains.GetGrain<IChatroomGrain>(id);
        if (Refused(await chatroom.CanAddAttachmentAsync(userId)) is { } refused)
        {
            return refused;
        }

        var tier = (await httpContext.GetCallerProfileAsync(grains))?.Tier ?? Grains.Interfaces.Users.UserTier.Basic;
        var maxBytes = options.Value.MaxBytesFor(tier);
        if (httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + MultipartOverhead;
        }

        if (!httpContext.Request.HasFormContentType
            || !httpContext.Request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.Status(StatusCodes.Status415UnsupportedMediaType, "Upload the file as multipart/form-data, in a field named 'file'.");
        }

        IFormCollection form;
        try
        {
            form = await httpContext.Request.ReadFormAsync(httpContext.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge("The file", maxBytes);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return ApiProblems.BadRequest("The multipart body could not be read.");
        }

        if (form.Files is not [var file])
        {
            return ApiProblems.BadRequest($"Send exactly one file per request, in a field named 'file' ({form.Files.Count} were sent).");
        }

        var name = FileNames.Safe(file.FileName);
        if (file.Length == 0)
        {
            return ApiProblems.BadRequest($"{name}: the file is empty.");
        }

        if (file.Length > maxBytes)
        {
            return TooLarge(name, maxBytes);
        }

        await using var content = file.OpenReadStream();
        var (inspected, refusal) = await AttachmentInspector.InspectAsync(content, name, file.ContentType, options.Value, httpContext.RequestAborted);
        if (refusal is not null)
        {
            return ApiProblems.Status(refusal.StatusCode, refusal.Detail);
        }

        var user = grains.GetGrain<Grains.Interfaces.Users.IUserGrain>(userId);
        var allowance = await user.ReserveUploadAsync(file.Length);
        if (!allowance.Granted)
        {
            return ApiProblems.TooManyRequests(
                $"{name} would go over today's {Size(allowance.DailyBytes)} of attachments ({Size(allowance.RemainingBytes)} left); it resets at midnight UTC.",
                allowance.ResetsAt - clock.GetUtcNow());
        }

        content.Position = 0;
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, httpContext.RequestAborted));
        content.Position = 0;
        var attachment = new Attachment(ResourceIds.New(), name, inspected!.MediaType, file.Length, sha256, clock.GetUtcNow())
        {
            Width = inspected.Width,
            Height = inspected.Height,
        };
        try
        {
            await store.SaveAsync(attachment.Id, id, sha256, file.Length, content, httpContext.RequestAborted);
            if (Refused(await chatroom.AddAttachmentAsync(userId, attachment), name) is { } late)
            {
                await store.RemoveAsync(attachment.Id);
                await user.ReleaseUploadAsync(file.Length);
                return late;
            }
        }
        catch
        {
            await user.ReleaseUploadAsync(file.Length);
            throw;
        }

        return TypedResults.Created($"/chatroom/{id}/attachments/{attachment.Id}",
            ApiResponse.Ok("Attachment uploaded successfully", AttachmentData.From(attachment)));
    }

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

    private static ProblemHttpResult? Refused(AttachmentAddStatus status, string? name = null) => status switch
    {
        AttachmentAddStatus.Added => null,
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

    private static OpenApiResponse Bytes(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["*/*"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
        },
    };

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
