using PipelineBuild.Core.Workspace.Watching;

namespace PipelineBuild.Core.Tests.Workspace.Watching;

/// <summary>The journal's socket protocol: what is written reads back, and an answer naming a path that is no plain relative path is no answer.</summary>
public sealed class JournalProtocolTests
{
    [Fact]
    public void Should_read_back_a_question_and_a_known_and_an_unknown_answer()
    {
        // Given
        var instance = Guid.NewGuid();
        using var stream = new MemoryStream();

        // When
        JournalProtocol.WriteQuestion(stream, instance, 17, ["data", "src/x"]);
        JournalProtocol.WriteAnswer(stream, new JournalAnswer(instance, 20, ["data/a.txt"]));
        JournalProtocol.WriteAnswer(stream, new JournalAnswer(instance, 21, null));
        stream.Position = 0;

        // Then
        var question = JournalProtocol.ReadQuestion(stream);
        Assert.Equal((instance, 17L), (question!.Value.Instance, question.Value.Since));
        Assert.Equal(["data", "src/x"], question.Value.Roots);
        Assert.Equal(["data/a.txt"], JournalProtocol.ReadAnswer(stream)!.Changed);
        Assert.False(JournalProtocol.ReadAnswer(stream)!.IsKnown);
        Assert.Null(JournalProtocol.ReadQuestion(stream));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("/etc/passwd")]
    [InlineData("data/../../x")]
    [InlineData("")]
    public void Should_take_no_answer_that_names_a_path_outside_the_workspace(string path)
    {
        // Given an answer naming such a path
        using var stream = new MemoryStream();
        JournalProtocol.WriteAnswer(stream, new JournalAnswer(Guid.NewGuid(), 3, ["data/ok.txt", path]));
        stream.Position = 0;

        // Then it is no answer
        Assert.Null(JournalProtocol.ReadAnswer(stream));
    }
}
