using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Locking;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Locking;

public sealed class LockFileSerializerTests
{
    [Fact]
    public void Should_write_the_same_bytes_whatever_order_entries_were_added_in()
    {
        var a = Entry("1");
        var b = Entry("2");
        var forward = new LockFile("p", new Dictionary<string, LockEntry>(StringComparer.Ordinal) { ["s.a"] = a, ["s.b"] = b });
        var backward = new LockFile("p", new Dictionary<string, LockEntry>(StringComparer.Ordinal) { ["s.b"] = b, ["s.a"] = a });

        Assert.Equal(LockFileSerializer.ToText(forward), LockFileSerializer.ToText(backward));
    }

    [Fact]
    public void Should_read_back_what_it_wrote()
    {
        using var ws = TestWorkspace.Create();
        var entry = Entry("1");
        var path = ws.PathOf("pipeline.lock");
        LockFileSerializer.Write(path, new LockFile("p", new Dictionary<string, LockEntry>(StringComparer.Ordinal) { ["s.a"] = entry }));

        var read = LockFileSerializer.Read(path, "p", _ => { });

        var back = read.Find("s.a")!;
        Assert.Equal(entry.Fingerprint, back.Fingerprint);
        Assert.Equal(entry.Params["train.depth"], back.Params["train.depth"]);
        Assert.Equal(entry.Inputs["data/raw.csv"], back.Inputs["data/raw.csv"]);
        Assert.Equal(entry.Outputs["out/"], back.Outputs["out/"]);
    }

    [Fact]
    public void Should_read_back_the_task_assembly_hash_of_a_task_step()
    {
        using var ws = TestWorkspace.Create();
        var path = ws.PathOf("pipeline.lock");
        LockFileSerializer.Write(path, new LockFile("p", new Dictionary<string, LockEntry>(StringComparer.Ordinal) { ["s.a"] = Entry("1") with { TaskAssembly = "abc" } }));

        var back = LockFileSerializer.Read(path, "p", _ => { }).Find("s.a")!;

        Assert.Equal("abc", back.TaskAssembly);
        Assert.Contains("\"taskAssembly\": \"abc\"", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_put_one_value_per_line_so_git_diffs_are_readable()
    {
        var text = LockFileSerializer.ToText(new LockFile("p", new Dictionary<string, LockEntry>(StringComparer.Ordinal) { ["s.a"] = Entry("1") }));

        Assert.Contains("\n        \"data/raw.csv\": \"", text, StringComparison.Ordinal);
        Assert.StartsWith("{\n  \"schema\": 1,", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_warn_and_start_afresh_when_the_lock_file_is_damaged()
    {
        using var ws = TestWorkspace.Create();
        ws.Write("pipeline.lock", "{ not json");
        var warnings = new List<string>();

        var read = LockFileSerializer.Read(ws.PathOf("pipeline.lock"), "p", warnings.Add);

        Assert.Empty(read.Steps);
        Assert.Contains(warnings, w => w.Contains("PB4003", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("link to a device", "is a link, not a regular file")]
    [InlineData("fifo", "is a FIFO, socket or device, not a regular file")]
    [InlineData("folder", "is a folder, not a file")]
    public void Should_warn_and_start_afresh_without_reading_a_lock_file_that_is_not_a_regular_file(string kind, string said)
    {
        // Given a lock file replaced by something a read would never finish on (/dev/zero) or block on (a FIFO)
        using var ws = TestWorkspace.Create();
        var path = ws.PathOf("pipeline.lock");
        switch (kind)
        {
            case "link to a device":
                File.CreateSymbolicLink(path, "/dev/zero");
                break;
            case "fifo":
                Caching.SpecialFiles.Fifo(path);
                break;
            default:
                Directory.CreateDirectory(path);
                break;
        }

        var warnings = new List<string>();

        // When it is read, directly and through the early read a run starts while the pipeline loads
        var read = Caching.SpecialFiles.WithoutHanging(() => LockFileSerializer.Read(path, "p", warnings.Add));
        var preloaded = Caching.SpecialFiles.WithoutHanging(() => LockFilePreload.Start(path).Take(path, "p", warnings.Add));

        // Then every step is decided afresh, with a warning that says what is in the lock file's place
        Assert.Empty(read.Steps);
        Assert.Empty(preloaded.Steps);
        Assert.Equal(2, warnings.Count(w => w.Contains("PB4003", StringComparison.Ordinal) && w.Contains(said, StringComparison.Ordinal)));
    }

    [Fact]
    public void Should_skip_properties_a_newer_writer_added()
    {
        using var ws = TestWorkspace.Create();
        var fingerprint = ContentDigest.Of("fp"u8).Hex;
        var definition = ContentDigest.Of("def"u8).Hex;
        ws.Write("pipeline.lock", $$"""
            { "schema": 1, "pipeline": "p", "future": { "nested": [1, 2] },
              "steps": { "s.a": { "fingerprint": "{{fingerprint}}", "definition": "{{definition}}", "note": "x",
                                  "params": {}, "inputs": {}, "outputs": { "out.txt": "{{fingerprint}}" } } } }
            """);

        var read = LockFileSerializer.Read(ws.PathOf("pipeline.lock"), "p", _ => Assert.Fail("no warning expected"));

        Assert.Equal(fingerprint, read.Find("s.a")!.Fingerprint.Hex);
        Assert.Equal(fingerprint, read.Find("s.a")!.Outputs["out.txt"].Hex);
    }

    [Fact]
    public void Should_read_property_names_written_with_json_escapes()
    {
        // Given a lock file edited by hand or by another JSON writer, whose names are escaped
        using var ws = TestWorkspace.Create();
        var fingerprint = ContentDigest.Of("fp"u8).Hex;
        var definition = ContentDigest.Of("def"u8).Hex;
        ws.Write("pipeline.lock", $$"""
            { "schema": 1, "pipeline": "p",
              "steps": { "s.a": { "\u0066ingerprint": "{{fingerprint}}", "definitio\u006e": "{{definition}}",
                                  "params": {}, "in\u0070uts": { "a.txt": "{{definition}}" }, "outputs": {}, "imag\u0065": "img" } } }
            """);

        // When it is read
        var entry = LockFileSerializer.Read(ws.PathOf("pipeline.lock"), "p", _ => Assert.Fail("no warning expected")).Find("s.a")!;

        // Then each property is what its unescaped name says
        Assert.Equal(fingerprint, entry.Fingerprint.Hex);
        Assert.Equal(definition, entry.Definition.Hex);
        Assert.Equal(definition, entry.Inputs["a.txt"].Hex);
        Assert.Equal("img", entry.Image);
    }

    [Fact]
    public void Should_warn_when_a_step_lacks_its_fingerprint()
    {
        using var ws = TestWorkspace.Create();
        ws.Write("pipeline.lock", """{ "schema": 1, "steps": { "s.a": { "params": {} } } }""");
        var warnings = new List<string>();

        var read = LockFileSerializer.Read(ws.PathOf("pipeline.lock"), "p", warnings.Add);

        Assert.Empty(read.Steps);
        Assert.Contains(warnings, w => w.Contains("PB4003", StringComparison.Ordinal) && w.Contains("fingerprint", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(40)]
    public void Should_read_maps_of_any_size_as_a_dictionary_would_hold_them(int inputs)
    {
        // Given a step with this many inputs, one of them written twice (the last value is the one a dictionary keeps)
        using var ws = TestWorkspace.Create();
        var fingerprint = ContentDigest.Of("fp"u8).Hex;
        var first = ContentDigest.Of("first"u8).Hex;
        var last = ContentDigest.Of("last"u8).Hex;
        var keys = Enumerable.Range(0, inputs).Select(i => $"in/f{i:D3}.txt").ToArray();
        var written = string.Join(", ", keys.Select(k => $"\"{k}\": \"{first}\"")) + $", \"{keys[0]}\": \"{last}\"";
        ws.Write("pipeline.lock", $$"""
            { "schema": 1, "pipeline": "p",
              "steps": { "s.a": { "fingerprint": "{{fingerprint}}", "definition": "{{fingerprint}}",
                                  "params": { "p.b": "1", "p.a": "2", "p.b": "3" }, "inputs": { {{written}} }, "outputs": {} } } }
            """);

        // When it is read
        var entry = LockFileSerializer.Read(ws.PathOf("pipeline.lock"), "p", _ => Assert.Fail("no warning expected")).Find("s.a")!;

        // Then every key is there once, in the order first written, with its last value; lookups are ordinal
        Assert.Equal(keys, entry.Inputs.Keys);
        Assert.Equal(last, entry.Inputs[keys[0]].Hex);
        Assert.All(keys.Skip(1), k => Assert.Equal(first, entry.Inputs[k].Hex));
        Assert.False(entry.Inputs.ContainsKey("IN/f000.txt"));
        Assert.False(entry.Inputs.TryGetValue("in/f000.tx", out _));
        Assert.Throws<KeyNotFoundException>(() => entry.Inputs["in/missing.txt"]);
        Assert.Equal([KeyValuePair.Create("p.b", "3"), KeyValuePair.Create("p.a", "2")], entry.Params);
        Assert.Empty(entry.Outputs);
        Assert.False(entry.Outputs.ContainsKey("in/f000.txt"));
    }

    [Fact]
    public void Should_write_back_a_lock_file_it_read_byte_for_byte()
    {
        // Given a lock file written from dictionaries (steps with no param, one or many inputs and outputs)
        using var ws = TestWorkspace.Create();
        var path = ws.PathOf("pipeline.lock");
        var many = Enumerable.Range(0, 12).ToDictionary(i => $"out/o{i:D2}.txt", i => ContentDigest.Of([(byte)i]), StringComparer.Ordinal);
        var original = new LockFile("p", new Dictionary<string, LockEntry>(StringComparer.Ordinal)
        {
            ["s.a"] = Entry("1"),
            ["s.b"] = Entry("2") with { Params = new Dictionary<string, string>(StringComparer.Ordinal), Outputs = many },
        });
        LockFileSerializer.Write(path, original);

        // When it is read and written again
        var again = LockFileSerializer.ToText(LockFileSerializer.Read(path, "p", _ => Assert.Fail("no warning expected")));

        // Then the text is the same
        Assert.Equal(File.ReadAllText(path), again);
    }

    [Fact]
    public void Should_read_a_lock_file_many_times_its_read_buffer_the_same_as_a_small_one()
    {
        // Given a lock file of many chunks: a thousand steps, a param value longer than two chunks, and an unknown
        // property whose nested value spans chunks (a newer writer's), which the read skips
        using var ws = TestWorkspace.Create();
        var path = ws.PathOf("pipeline.lock");
        var steps = Enumerable.Range(0, 1000).ToDictionary(i => $"s.{i:D4}", i => Entry(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), StringComparer.Ordinal);
        steps["s.0500"] = steps["s.0500"] with { Params = new Dictionary<string, string>(StringComparer.Ordinal) { ["long"] = new string('x', 3 * LockFileReader.ChunkBytes) } };
        LockFileSerializer.Write(path, new LockFile("p", steps));
        var written = File.ReadAllText(path);
        var unknown = "\"future\": [" + string.Join(", ", Enumerable.Range(0, 2 * LockFileReader.ChunkBytes / 8).Select(i => $"{{\"n\": {i}}}")) + "],";
        File.WriteAllText(path, written.Replace("\"s.0700\": {", "\"s.0700\": {" + unknown, StringComparison.Ordinal));

        // When it is read, directly and through the early read
        var read = LockFileSerializer.Read(path, "p", _ => Assert.Fail("no warning expected"));
        var preloaded = LockFilePreload.Start(path).Take(path, "p", _ => Assert.Fail("no warning expected"));

        // Then both hold every step as written: writing them again gives the original text
        Assert.True(File.ReadAllText(path).Length > 10 * LockFileReader.ChunkBytes);
        Assert.Equal(written, LockFileSerializer.ToText(read));
        Assert.Equal(written, LockFileSerializer.ToText(preloaded));
    }

    [Fact]
    public void Should_warn_and_start_afresh_when_the_lock_file_ends_after_its_first_chunk()
    {
        // Given a lock file cut short past its first chunk
        using var ws = TestWorkspace.Create();
        var path = ws.PathOf("pipeline.lock");
        LockFileSerializer.Write(path, new LockFile("p", Enumerable.Range(0, 300).ToDictionary(i => $"s.{i:D3}", i => Entry(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), StringComparer.Ordinal)));
        var text = File.ReadAllText(path);
        File.WriteAllText(path, text[..(text.Length - 500)]);
        var warnings = new List<string>();

        // When it is read
        var read = LockFileSerializer.Read(path, "p", warnings.Add);

        // Then no step is trusted, and the warning says the file is damaged
        Assert.True(text.Length > 2 * LockFileReader.ChunkBytes);
        Assert.Empty(read.Steps);
        Assert.Contains(warnings, w => w.Contains("PB4003", StringComparison.Ordinal) && w.Contains("damaged", StringComparison.Ordinal));
    }

    private static LockEntry Entry(string seed) => new(
        new ActionKey(ContentDigest.Of(System.Text.Encoding.UTF8.GetBytes("fp" + seed))),
        ContentDigest.Of(System.Text.Encoding.UTF8.GetBytes("def" + seed)),
        null,
        new Dictionary<string, string>(StringComparer.Ordinal) { ["train.depth"] = "\"5\"" },
        new Dictionary<string, ContentDigest>(StringComparer.Ordinal) { ["data/raw.csv"] = ContentDigest.Of("raw"u8) },
        new Dictionary<string, ContentDigest>(StringComparer.Ordinal) { ["out/"] = ContentDigest.Of("out"u8) });
}
