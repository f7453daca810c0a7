using Microsoft.OpenApi;

namespace GeminiClone.Api.Hosting;

/// <summary>
/// How a file download reads in the OpenAPI document: the media type is the file's own (so any), 206 and 416 answer
/// a Range header, 304 an If-None-Match. The owner's attachment route and a share link's are the same download.
/// </summary>
public static class FileDownloadOpenApi
{
    public static RouteHandlerBuilder ProducesFileDownload(this RouteHandlerBuilder route) =>
        route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses ??= [];
            operation.Responses["200"] = Bytes("The file.");
            operation.Responses["206"] = Bytes("The requested range of the file.");
            operation.Responses["304"] = new OpenApiResponse { Description = "Not modified: the ETag sent in If-None-Match still matches." };
            operation.Responses["416"] = new OpenApiResponse { Description = "The requested range is not within the file." };
            return Task.CompletedTask;
        });

    private static OpenApiResponse Bytes(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["*/*"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
        },
    };
}
