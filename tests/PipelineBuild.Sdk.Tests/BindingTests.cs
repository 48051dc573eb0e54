namespace PipelineBuild.Sdk.Tests;

public sealed class BindingTests
{
    public sealed record TrainSettings(string Train, int Trees, double LearningRate = 0.1, string? Note = null, bool Verbose = false);

    public sealed class MutableSettings
    {
        public string Name { get; set; } = "";

        public IReadOnlyList<string> Tags { get; set; } = [];

        public IReadOnlyDictionary<string, string> Properties { get; set; } = new Dictionary<string, string>();
    }

    [Fact]
    public void Should_bind_snake_case_keys_and_yaml_typed_values_to_a_positional_record_with_defaults()
    {
        // Given 'with' values as the tool sends them (YAML scalars typed)
        var values = TaskValues.Parse("""{ "train": "data/train.csv", "trees": 20, "learning_rate": 0.25, "verbose": "true" }""");

        // When
        var settings = values.Bind<TrainSettings>();

        // Then
        Assert.Equal(new TrainSettings("data/train.csv", 20, 0.25, null, true), settings);
    }

    [Fact]
    public void Should_bind_settable_properties_lists_and_maps_without_touching_map_keys()
    {
        var settings = TaskValues.Parse("""{ "name": "x", "tags": ["a", "b"], "properties": { "Some_Key": "1.0" } }""").Bind<MutableSettings>();

        Assert.Equal("x", settings.Name);
        Assert.Equal(["a", "b"], settings.Tags);
        Assert.Equal("1.0", settings.Properties["Some_Key"]);
    }

    [Fact]
    public void Should_keep_a_number_as_written_when_it_is_read_as_text()
    {
        // 'version: 1.10' is a number to YAML; a string setting must not become "1.1"
        var values = TaskValues.Parse("""{ "version": 1.10 }""");

        Assert.Equal("1.10", values.GetString("version"));
    }

    [Fact]
    public void Should_name_an_unknown_key_and_list_the_known_ones()
    {
        var error = Assert.Throws<FormatException>(() => TaskValues.Parse("""{ "train": "t", "trees": 3, "tress": 4 }""").Bind<TrainSettings>());

        Assert.Equal("with: unknown key 'tress'; TrainSettings has: train, trees, learning_rate, note, verbose", error.Message);
    }

    [Fact]
    public void Should_name_a_missing_required_value_and_a_value_of_the_wrong_type()
    {
        var missing = Assert.Throws<FormatException>(() => TaskValues.Parse("""{ "train": "t" }""").Bind<TrainSettings>());
        var wrong = Assert.Throws<FormatException>(() => TaskValues.Parse("""{ "train": "t", "trees": "many" }""").Bind<TrainSettings>());

        Assert.Equal("with: 'trees' is required; add it under 'with:'", missing.Message);
        Assert.Equal("with.trees: expected a whole number, got the text 'many'", wrong.Message);
    }

    [Fact]
    public void Should_read_params_by_dotted_name_and_say_which_are_set_when_one_is_not()
    {
        var parameters = TaskValues.Parse("""{ "train.depth": 5, "seed": 42 }""");

        Assert.Equal(5, parameters.Get<int>("train.depth"));
        Assert.Equal(7L, parameters.Get("train.lr", 7L));
        var error = Assert.Throws<KeyNotFoundException>(() => parameters.Get<double>("train.lr"));
        Assert.Equal("'train.lr' is not set; set are: train.depth, seed", error.Message);
    }

    [Fact]
    public async Task Should_run_a_typed_task_with_its_bound_settings_and_collect_its_metrics()
    {
        // Given a context as a user's unit test would build it
        var context = new StepContext
        {
            StepId = "train.fit",
            Workspace = Path.GetTempPath(),
            With = TaskValues.Parse("""{ "train": "t.csv", "trees": 3 }"""),
        };

        // When
        await new CountingTask().RunAsync(context, CancellationToken.None);

        // Then
        Assert.Equal([new KeyValuePair<string, double>("trees", 3)], context.Metrics.Values);
    }

    private sealed class CountingTask : PipelineTask<TrainSettings>
    {
        public override Task RunAsync(StepContext context, TrainSettings settings, CancellationToken cancellationToken)
        {
            context.Metrics.Set("trees", settings.Trees);
            return Task.CompletedTask;
        }
    }
}
