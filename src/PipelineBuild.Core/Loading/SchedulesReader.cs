using PipelineBuild.Core.Model;
using PipelineBuild.Core.Yaml;

namespace PipelineBuild.Core.Loading;

/// <summary>Reads <c>schedules:</c>: a list of <c>{ cron }</c>, <c>{ watch: [globs] }</c> or <c>{ drift: { metric, above } }</c>.</summary>
internal sealed class SchedulesReader
{
    private readonly SchemaReader _reader;

    public SchedulesReader(SchemaReader reader)
    {
        _reader = reader;
    }

    public List<ScheduleDefinition> Read(YamlTreeNode node)
    {
        var schedules = new List<ScheduleDefinition>();
        if (node is YamlTreeScalar { IsNull: true })
        {
            return schedules;
        }

        if (node is not YamlTreeSequence sequence)
        {
            _reader.WrongType(node, "'schedules'", "a list of { cron }, { watch } or { drift }");
            return schedules;
        }

        foreach (var item in sequence.Items)
        {
            if (_reader.Mapping(item, "a schedule") is not { } mapping)
            {
                continue;
            }

            _reader.CheckKeys(mapping, PipelineKeys.Schedule, "a schedule");
            if (mapping.Entries.Exists(e => !PipelineKeys.Schedule.Contains(e.Key.Value, StringComparer.Ordinal)))
            {
                continue;
            }

            if (mapping.Entries.Count != 1)
            {
                _reader.Error(LoaderCodes.BadValue, mapping.Location, "a schedule must have exactly one of 'cron', 'watch' or 'drift'", "write one schedule per list item, e.g. - cron: \"0 3 * * *\"");
                continue;
            }

            var (key, value) = mapping.Entries[0];
            var schedule = key.Value switch
            {
                "cron" => ReadCron(value, mapping),
                "watch" => new ScheduleDefinition(ScheduleKind.Watch, null, _reader.ScalarList(value, "'watch'").Select(w => PathNormalizer.Normalize(w.Value)).ToList(), null, null, mapping.Location),
                _ => ReadDrift(value, mapping),
            };
            if (schedule is not null)
            {
                schedules.Add(schedule);
            }
        }

        return schedules;
    }

    private ScheduleDefinition? ReadCron(YamlTreeNode value, YamlTreeMapping owner)
    {
        if (_reader.String(value, "'cron'") is not { } cron)
        {
            return null;
        }

        if (CronSchedule.TryParse(cron, out var problem) is null)
        {
            _reader.Error(LoaderCodes.BadCron, value.Location, $"invalid cron expression '{cron}': {problem}", "write five fields (minute hour day month weekday), e.g. \"0 3 * * *\", or six with seconds first, e.g. \"*/30 * * * * *\"");
            return null;
        }

        return new ScheduleDefinition(ScheduleKind.Cron, cron, [], null, null, owner.Location);
    }

    private ScheduleDefinition? ReadDrift(YamlTreeNode value, YamlTreeMapping owner)
    {
        if (_reader.Mapping(value, "'drift'") is not { } drift)
        {
            return null;
        }

        _reader.CheckKeys(drift, PipelineKeys.Drift, "'drift'");
        var metric = drift.Find("metric") is { } m ? _reader.String(m, "'metric'") : null;
        var above = drift.Find("above") is { } a ? _reader.Double(a, "'above'") : null;
        if (metric is null || above is null)
        {
            _reader.Error(LoaderCodes.MissingKey, drift.Location, "'drift' needs 'metric' and 'above'", "write drift: { metric: eval.accuracy, above: 0.1 }");
            return null;
        }

        return new ScheduleDefinition(ScheduleKind.Drift, null, [], metric, above, owner.Location);
    }
}
