using GeminiClone.Grains.Chatrooms.Turns;
using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Tests.Chatrooms.Turns;

/// <summary>An answer that ran code is stored step by step and goes back to Gemini as it came.</summary>
public sealed class CodeStepsTests
{
    private static AIContent Signed(AIContent content, string signature)
    {
        content.AdditionalProperties ??= [];
        content.AdditionalProperties[GeminiChatProperties.ThoughtSignature] = signature;
        return content;
    }

    private static IEnumerable<AIContent> CodeAnswer() =>
    [
        new TextContent("I'll compute it. "),
        Signed(new CodeInterpreterToolCallContent("c1")
        {
            Inputs = [new TextContent("print(sum(range(10)))")],
            AdditionalProperties = new() { [GeminiChatProperties.CodeLanguage] = "PYTHON" },
        }, "sig-code"),
        new CodeInterpreterToolResultContent("c1")
        {
            Outputs = [new TextContent("45\n")],
            AdditionalProperties = new() { [GeminiChatProperties.CodeOutcome] = "OUTCOME_OK" },
        },
        new TextContent("The sum "),
        new TextContent("is 45."),
    ];

    [Fact]
    public void The_steps_keep_the_models_order_and_the_text_stays_the_visible_text()
    {
        var reply = new ReplyAssembler();
        foreach (var content in CodeAnswer())
        {
            reply.Add(content);
        }

        Assert.Equal("I'll compute it. The sum is 45.", reply.Text);
        Assert.Equal(
            [AnswerStepKind.Text, AnswerStepKind.Code, AnswerStepKind.Result, AnswerStepKind.Text],
            reply.Steps!.Select(s => s.Kind));
        Assert.Equal("I'll compute it. ", reply.Steps![0].Text);
        Assert.Equal(("PYTHON", "print(sum(range(10)))", "sig-code"), (reply.Steps[1].Language, reply.Steps[1].Code, reply.Steps[1].ThoughtSignature));
        Assert.Equal(("OUTCOME_OK", "45\n"), (reply.Steps[2].Outcome, reply.Steps[2].Output));
        Assert.Equal("The sum is 45.", reply.Steps[3].Text);
    }

    [Fact]
    public void A_stored_answer_that_ran_code_goes_back_to_Gemini_part_by_part_with_its_signature()
    {
        var reply = new ReplyAssembler();
        foreach (var content in CodeAnswer())
        {
            reply.Add(content);
        }

        var stored = new StoredMessage(MessageRole.AI, reply.Text, DateTimeOffset.UnixEpoch) { Parts = reply.Parts, Steps = reply.Steps };
        var contents = ReplyAssembler.ToChatMessage(stored).Contents;

        Assert.Collection(contents,
            c => Assert.Equal("I'll compute it. ", Assert.IsType<TextContent>(c).Text),
            c =>
            {
                var code = Assert.IsType<CodeInterpreterToolCallContent>(c);
                Assert.Equal("print(sum(range(10)))", Assert.IsType<TextContent>(Assert.Single(code.Inputs!)).Text);
                Assert.Equal("sig-code", code.AdditionalProperties![GeminiChatProperties.ThoughtSignature]);
            },
            c => Assert.Equal("45\n", Assert.IsType<TextContent>(Assert.Single(Assert.IsType<CodeInterpreterToolResultContent>(c).Outputs!)).Text),
            c => Assert.Equal("The sum is 45.", Assert.IsType<TextContent>(c).Text));
    }

    [Fact]
    public void A_plain_answer_has_no_steps_and_no_parts()
    {
        var reply = new ReplyAssembler();
        reply.Add(new TextContent("Just "));
        reply.Add(new TextContent("text."));

        Assert.Null(reply.Steps);
        Assert.Null(reply.Parts);
    }
}
