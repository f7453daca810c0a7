using System.Text;
using System.Text.Json;
using GeminiClone.Grains.Adapters.Gemini;
using GeminiClone.Grains.Gemini;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Tests.Gemini;

/// <summary>
/// Unchanging messages (the turns' history) keep their wire form: mapped and written once, then reused by every later
/// request, which stays byte for byte what the serializer writes for the same messages unmarked.
/// </summary>
public sealed class GeminiMessageWireTests
{
    [Fact]
    public void A_request_of_kept_messages_is_the_same_json_as_one_of_the_same_messages_made_anew()
    {
        var kept = History().Select(UnchangingMessage.Marked).ToList();

        var first = Json(kept);
        var again = Json(kept);

        Assert.Equal(Json(History()), first);
        Assert.Equal(first, again);
        Assert.All(kept, message => Assert.IsType<GeminiMessageWire>(message.RawRepresentation));
    }

    [Fact]
    public void Kept_messages_are_mapped_once_and_others_every_time()
    {
        var kept = UnchangingMessage.Marked(new ChatMessage(ChatRole.User, "kept"));
        var other = new ChatMessage(ChatRole.User, "made anew");

        var keptContent = GeminiMessageWire.ContentOf(kept);
        var otherContent = GeminiMessageWire.ContentOf(other);

        Assert.Same(keptContent, GeminiMessageWire.ContentOf(kept));
        Assert.Equal(JsonSerializer.Serialize(keptContent, GeminiJsonContext.Default.GeminiContent), Encoding.UTF8.GetString(keptContent.Json!));
        Assert.NotSame(otherContent.Parts, GeminiMessageWire.ContentOf(other).Parts);
        Assert.Null(otherContent.Json);
        Assert.Null(other.RawRepresentation);
    }

    [Fact]
    public void A_turn_of_kept_and_new_messages_of_one_role_is_written_from_its_parts()
    {
        var mixed = new List<ChatMessage>
        {
            UnchangingMessage.Marked(new ChatMessage(ChatRole.User, "kept question")),
            new(ChatRole.User, "a new \"quoted\" question"),
        };

        var request = GeminiWireMapping.ToGeminiRequest(mixed, null);

        Assert.Null(Assert.Single(request.Contents).Json);
        Assert.Equal(Json([new ChatMessage(ChatRole.User, "kept question"), new ChatMessage(ChatRole.User, "a new \"quoted\" question")]), Json(mixed));
    }

    [Fact]
    public void A_message_with_a_representation_of_its_own_is_neither_marked_nor_kept()
    {
        var own = new object();
        var message = UnchangingMessage.Marked(new ChatMessage(ChatRole.Assistant, "from elsewhere") { RawRepresentation = own });

        GeminiWireMapping.ToGeminiRequest([message], null);

        Assert.Same(own, message.RawRepresentation);
    }

    /// <summary>A history with what a stored turn can hold: thoughts and signatures, and two user messages in a row.</summary>
    private static List<ChatMessage> History() =>
    [
        new(ChatRole.User, "Which is faster, the train or the bus?"),
        new(ChatRole.Assistant,
        [
            new TextReasoningContent("comparing timetables") { ProtectedData = "sig-thought" },
            new TextContent("The train, by <20 minutes> & \"usually\".") { AdditionalProperties = new() { [GeminiChatProperties.ThoughtSignature] = "CvcB+/==" } },
        ]),
        new(ChatRole.User, "And the ferry?"),
        new(ChatRole.User, "Say it in Hindi: कितना समय?"),
        new(ChatRole.Assistant, "फ़ेरी धीमी है।"),
    ];

    private static string Json(List<ChatMessage> messages) =>
        JsonSerializer.Serialize(GeminiWireMapping.ToGeminiRequest(messages, new ChatOptions { Instructions = "Be brief." }), GeminiJsonContext.Default.GeminiRequest);
}
