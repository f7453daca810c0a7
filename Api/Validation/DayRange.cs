using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using GeminiClone.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;

namespace GeminiClone.Api.Validation;

/// <summary>
/// A range of UTC days a report asks for with <c>from</c> and <c>to</c> (<c>YYYY-MM-DD</c>, both included; a user's
/// usage and the operators' reports), read as text so that a bad date is a 400 naming its field.
/// </summary>
public readonly record struct DayRange(DateOnly From, DateOnly To)
{
    private const string DateFormat = "yyyy-MM-dd";

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>
    /// The range asked: <c>to</c> defaults to <paramref name="today"/>, <c>from</c> to <paramref name="defaultFrom"/>
    /// of <c>to</c>; a date in another form, <c>from</c> after <c>to</c>, or more than <paramref name="maxDays"/> days
    /// is a validation problem (<paramref name="why"/>, when given, says why in that problem).
    /// </summary>
    public static bool TryRead(
        string? from, string? to, DateOnly today, Func<DateOnly, DateOnly> defaultFrom, int maxDays,
        out DayRange range, [NotNullWhen(false)] out ValidationProblem? problem, string? why = null)
    {
        range = default;
        problem = null;
        if (Parse(to, today) is not { } last)
        {
            problem = ApiProblems.Invalid("to", "Give to as a date, YYYY-MM-DD.");
        }
        else if (Parse(from, defaultFrom(last)) is not { } first)
        {
            problem = ApiProblems.Invalid("from", "Give from as a date, YYYY-MM-DD.");
        }
        else if (first > last)
        {
            problem = ApiProblems.Invalid("from", "from must not be after to.");
        }
        else if (last.DayNumber - first.DayNumber + 1 > maxDays)
        {
            problem = ApiProblems.Invalid("from", $"Ask for at most {maxDays} days at a time{(why is null ? "" : $" ({why})")}.");
        }
        else
        {
            range = new DayRange(first, last);
        }

        return problem is null;
    }

    /// <summary>The <paramref name="days"/> days that end with <paramref name="to"/>.</summary>
    public static DateOnly DaysEndingWith(DateOnly to, int days) => DateOnly.FromDayNumber(Math.Max(0, to.DayNumber - (days - 1)));

    /// <summary>The first day of <paramref name="to"/>'s month.</summary>
    public static DateOnly MonthOf(DateOnly to) => new(to.Year, to.Month, 1);

    private static DateOnly? Parse(string? value, DateOnly absent) =>
        value is null ? absent
        : DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
        : null;
}

public static class DayRangeOpenApi
{
    /// <summary>Says in the OpenAPI document that <c>from</c> and <c>to</c> are dates, and what they default to.</summary>
    public static TBuilder DescribedAsDays<TBuilder>(this TBuilder builder, string fromDefault, string toDefault = "today")
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            {
                if (parameter.Schema is OpenApiSchema schema && parameter.Name is "from" or "to")
                {
                    schema.Format = "date";
                    parameter.Description = parameter.Name == "from"
                        ? $"First UTC day, YYYY-MM-DD (default: {fromDefault})"
                        : $"Last UTC day, YYYY-MM-DD (default: {toDefault})";
                }
            }

            return Task.CompletedTask;
        });
}
