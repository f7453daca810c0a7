using System.Reflection;
using System.Runtime.CompilerServices;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;

namespace GeminiClone.Grains.Tests.Serialization;

/// <summary>
/// Records marked <c>[Immutable]</c> cross grain calls within a silo as the same instance, not a copy (every turn's
/// slot, quota and usage records do). That is safe only while nothing can change them after they are made, so every
/// such record is held to it here: sealed, init-only, and made of values that cannot change either.
/// </summary>
public sealed class ImmutableRecordsTests
{
    private static readonly IReadOnlyList<Type> Marked = typeof(QuotaSnapshot).Assembly.GetTypes()
        .Where(type => type.GetCustomAttribute<ImmutableAttribute>() is not null)
        .ToList();

    /// <summary>
    /// Members known to be safe though their types could change: a stream's batch is an array of events made for that
    /// batch alone and never written after (an array, not a list, because that is its wire form).
    /// </summary>
    private static readonly HashSet<string> HandedOverWhole = ["TurnBatch.Events"];

    [Fact]
    public void The_records_a_turn_passes_between_grains_are_marked() =>
        Assert.Superset(
            new HashSet<Type> { typeof(SlotReservation), typeof(QuotaSnapshot), typeof(TurnUsage), typeof(UsageDayEntry), typeof(UsageFigures) },
            Marked.ToHashSet());

    [Fact]
    public void Marked_records_cannot_change_once_made()
    {
        var mutable = Marked.SelectMany(MutableMembers).ToList();

        Assert.True(mutable.Count == 0, "Records marked [Immutable] with members that can change:\n" + string.Join('\n', mutable));
    }

    [Fact]
    public void Orleans_passes_a_marked_record_on_without_copying_it()
    {
        using var services = new ServiceCollection()
            .AddSerializer(serializer => serializer.AddAssembly(typeof(QuotaSnapshot).Assembly))
            .BuildServiceProvider();
        var copier = services.GetRequiredService<DeepCopier>();
        var slot = new SlotReservation(true, Guid.NewGuid(), new QuotaSnapshot(5, 1, DateTimeOffset.UnixEpoch)) { Tier = UserTier.Pro };
        var message = new StoredMessage(MessageRole.User, "hi", DateTimeOffset.UnixEpoch);

        Assert.Same(slot, copier.Copy(slot));
        // An unmarked record is still copied: the check above is the attribute's doing.
        Assert.NotSame(message, copier.Copy(message));
    }

    private static IEnumerable<string> MutableMembers(Type type)
    {
        if (!type.IsSealed)
        {
            yield return $"{type.Name}: not sealed (a derived type could add state)";
        }

        const BindingFlags all = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        foreach (var field in type.GetFields(all).Where(f => !f.IsInitOnly))
        {
            yield return $"{type.Name}.{field.Name}: a field that is not readonly";
        }

        // A record's EqualityContract names its type, which cannot change.
        foreach (var property in type.GetProperties(all).Where(p => p.Name != "EqualityContract"))
        {
            if (property.SetMethod is { } setter && !IsInitOnly(setter))
            {
                yield return $"{type.Name}.{property.Name}: has a setter";
            }

            if (!IsUnchanging(property.PropertyType) && !HandedOverWhole.Contains($"{type.Name}.{property.Name}"))
            {
                yield return $"{type.Name}.{property.Name}: {property.PropertyType.Name} can change";
            }
        }
    }

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));

    /// <summary>Values that cannot change: primitives, strings, enums, time and ids, other marked records, and read-only collections of those.</summary>
    private static bool IsUnchanging(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return IsUnchanging(underlying);
        }

        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid)
            || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(DateOnly) || type == typeof(TimeSpan))
        {
            return true;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(IReadOnlyList<>)))
        {
            // Read-only to everyone who is handed one; the records make theirs once and never keep a writable view.
            return type.GetGenericArguments().All(IsUnchanging);
        }

        return type.IsSealed && type.GetCustomAttribute<ImmutableAttribute>() is not null;
    }
}
