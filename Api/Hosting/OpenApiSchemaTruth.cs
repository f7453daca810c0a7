using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using GeminiClone.Api.Responses;
using GeminiClone.Api.Validation;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GeminiClone.Api.Hosting;

/// <summary>
/// Makes each schema of ours say what the wire carries, from the same attributes the serializer and the validator
/// obey, so a typed client compiles against what it receives:
/// <list type="bullet">
/// <item>an answer's member is required unless <c>[JsonIgnore(WhenWriting…)]</c> may leave it out, and one left out
/// when null is never null (absent says it);</item>
/// <item>a request's member is required only when the validator requires it (<c>[Required]</c>), whatever the
/// constructor looks like (a record parameter without a default is not a required field);</item>
/// <item>the envelope's <c>data</c> is never null except where it is always null (<c>ApiResponse&lt;object&gt;</c>):
/// the generator cannot see a generic argument's nullability;</item>
/// <item>a request's string that must be one of a list (<c>[OneOf]</c>) lists them as its enum;</item>
/// <item>an enum lists its values only: a nullable use says null beside the reference, not inside the enum.</item>
/// </list>
/// </summary>
internal sealed class OpenApiSchemaTruth(IApiDescriptionGroupCollectionProvider apiDescriptions) : IOpenApiSchemaTransformer
{
    /// <summary>
    /// Marks the members whose null must go: the generator wraps a nullable reference to another schema in
    /// <c>oneOf [null, $ref]</c> only after this transformer ran, so <see cref="RemoveNullsAsync"/> finishes the job.
    /// </summary>
    private const string NeverNullExtension = "x-geminiclone-never-null";

    private HashSet<Type>? _requestTypes;

    /// <summary>The document's last step: the marked members lose their null branch, and the marks go.</summary>
    public static Task RemoveNullsAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var schema in document.Components?.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
        {
            if (schema.Extensions?.Remove(NeverNullExtension, out var marked) != true || marked is not JsonNodeExtension { Node: JsonArray names }
                || schema.Properties is null)
            {
                continue;
            }

            foreach (var name in names.Select(n => n!.GetValue<string>()))
            {
                if (schema.Properties.TryGetValue(name, out var property))
                {
                    schema.Properties[name] = WithoutNull(property);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type.IsEnum && schema.Enum is { } values)
        {
            schema.Enum = [.. values.Where(v => v is not null && v.GetValueKind() != System.Text.Json.JsonValueKind.Null)];
            return Task.CompletedTask;
        }

        if (context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object || type.Namespace?.StartsWith("GeminiClone.", StringComparison.Ordinal) != true
            || schema.Properties is not { Count: > 0 } properties)
        {
            return Task.CompletedTask;
        }

        var isRequest = RequestTypes().Contains(type);
        var required = new HashSet<string>(StringComparer.Ordinal);
        var neverNull = new JsonArray();
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (!properties.TryGetValue(property.Name, out var propertySchema))
            {
                continue;
            }

            if (isRequest)
            {
                DescribeRequestMember(property, properties, required, neverNull);
                continue;
            }

            var omitted = IgnoreCondition(property) is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault;
            if (!omitted)
            {
                required.Add(property.Name);
            }

            var alwaysSet = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ApiResponse<>)
                && property.Name == "data" && type.GetGenericArguments()[0] != typeof(object);
            if (alwaysSet || IgnoreCondition(property) == JsonIgnoreCondition.WhenWritingNull)
            {
                properties[property.Name] = WithoutNull(propertySchema);
                neverNull.Add(property.Name);
            }
        }

        schema.Required = required;
        if (neverNull.Count > 0)
        {
            schema.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            schema.Extensions[NeverNullExtension] = new JsonNodeExtension(neverNull);
        }
        return Task.CompletedTask;
    }

    /// <summary>A request's member: required as the validator requires it, its enum the values it takes.</summary>
    private static void DescribeRequestMember(
        JsonPropertyInfo property, IDictionary<string, IOpenApiSchema> properties, HashSet<string> required, JsonArray neverNull)
    {
        var schema = properties[property.Name];
        if (Find<OneOfAttribute>(property) is { } oneOf && schema is OpenApiSchema listed)
        {
            // The values the validator takes are the field's enum; null is no value (leave the field out).
            listed.Enum = [.. oneOf.Values.Select(value => (JsonNode)JsonValue.Create(value))];
            properties[property.Name] = schema = WithoutNull(listed);
        }

        if (property.IsRequired || Has<RequiredAttribute>(property))
        {
            required.Add(property.Name);
            properties[property.Name] = WithoutNull(schema);
            neverNull.Add(property.Name);
        }
    }

    /// <summary>The types bound from request bodies: their members follow the validator, not the serializer.</summary>
    private HashSet<Type> RequestTypes() => _requestTypes ??=
    [
        .. apiDescriptions.ApiDescriptionGroups.Items.SelectMany(g => g.Items)
            .SelectMany(d => d.ParameterDescriptions)
            .Where(p => p.Source == BindingSource.Body && p.Type is not null)
            .Select(p => Nullable.GetUnderlyingType(p.Type) ?? p.Type),
    ];

    private static JsonIgnoreCondition? IgnoreCondition(JsonPropertyInfo property) =>
        (property.AttributeProvider as MemberInfo)?.GetCustomAttribute<JsonIgnoreAttribute>()?.Condition;

    private static bool Has<TAttribute>(JsonPropertyInfo property) where TAttribute : Attribute => Find<TAttribute>(property) is not null;

    private static TAttribute? Find<TAttribute>(JsonPropertyInfo property) where TAttribute : Attribute =>
        (property.AttributeProvider as MemberInfo)?.GetCustomAttribute<TAttribute>()
        ?? (property.AssociatedParameter?.AttributeProvider as ParameterInfo)?.GetCustomAttribute<TAttribute>();

    /// <summary>The same schema without its null: <c>["null","string"]</c> becomes <c>"string"</c>, <c>oneOf [null, X]</c> becomes X.</summary>
    private static IOpenApiSchema WithoutNull(IOpenApiSchema schema)
    {
        if (schema is not OpenApiSchema concrete)
        {
            return schema;
        }

        if (concrete.Type is { } types && types.HasFlag(JsonSchemaType.Null))
        {
            concrete.Type = types & ~JsonSchemaType.Null;
        }

        if (concrete.OneOf is { Count: > 0 } oneOf)
        {
            var rest = oneOf.Where(s => s is not OpenApiSchema { Type: JsonSchemaType.Null }).ToList();
            if (rest.Count == 1 && concrete.Properties is null or { Count: 0 } && concrete.Type is null or 0)
            {
                return rest[0];
            }

            concrete.OneOf = rest;
        }

        return concrete;
    }
}
