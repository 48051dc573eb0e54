using PipelineBuild.Core.Model;
using PipelineBuild.Core.Yaml;

namespace PipelineBuild.Core.Loading;

/// <summary>Reads <c>stages:</c>: each stage's <c>needs</c>, default <c>image</c> and its steps as drafts.</summary>
internal sealed class StageReader
{
    private readonly SchemaReader _reader;
    private readonly Executor _defaultExecutor;

    /// <param name="defaultExecutor">Where container steps run when neither they nor their stage say (<c>run --executor</c>, else the pipeline's <c>executor:</c>).</param>
    public StageReader(SchemaReader reader, Executor defaultExecutor)
    {
        _reader = reader;
        _defaultExecutor = defaultExecutor;
    }

    public List<StageDraft> Read(YamlTreeNode node)
    {
        var stages = new List<StageDraft>();
        var mapping = _reader.Mapping(node, "'stages'");
        if (mapping is null)
        {
            return stages;
        }

        foreach (var (name, value) in mapping.Entries)
        {
            var validName = NameRules.CheckStepName(_reader, name, "stage");
            var stage = ReadStage(name, value);
            if (stage is not null && validName)
            {
                stages.Add(stage);
            }
        }

        return stages;
    }

    private StageDraft? ReadStage(YamlTreeScalar name, YamlTreeNode node)
    {
        var mapping = _reader.Mapping(node, $"stage '{name.Value}'");
        if (mapping is null)
        {
            return null;
        }

        _reader.CheckKeys(mapping, PipelineKeys.Stage, $"stage '{name.Value}'");
        var needs = mapping.Find("needs") is { } needsNode
            ? _reader.ScalarList(needsNode, "'needs'").Select(n => new NeedReference(n.Value, n.Location)).ToList()
            : [];
        var image = mapping.Find("image") is { } imageNode ? _reader.String(imageNode, "'image'") : null;
        var executor = (mapping.Find("executor") is { } executorNode ? new ExecutorReader(_reader).Read(executorNode) : null) ?? _defaultExecutor;
        if (mapping.Find("description") is { } description)
        {
            _reader.String(description, "'description'");
        }

        var steps = new List<StepDraft>();
        var stepsNode = mapping.Find("steps");
        if (stepsNode is null)
        {
            _reader.Error(LoaderCodes.MissingKey, name.Location, $"stage '{name.Value}' has no 'steps'", "add 'steps:' with at least one step");
        }
        else if (_reader.Mapping(stepsNode, "'steps'") is { } stepsMapping)
        {
            var stepReader = new StepReader(_reader);
            foreach (var (stepName, stepNode) in stepsMapping.Entries)
            {
                if (stepReader.Read(name.Value, stepName, stepNode, image, executor) is { } draft)
                {
                    steps.Add(draft);
                }
            }
        }

        return new StageDraft(name.Value, needs, image, steps, name.Location);
    }
}
