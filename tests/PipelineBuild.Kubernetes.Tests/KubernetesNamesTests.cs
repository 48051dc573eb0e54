using System.Text.RegularExpressions;
using PipelineBuild.Kubernetes.Manifests;

namespace PipelineBuild.Kubernetes.Tests;

public sealed class KubernetesNamesTests
{
    private static readonly Regex DnsLabel = new("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant);
    private static readonly Regex LabelValue = new("^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$", RegexOptions.CultureInvariant);

    [Theory]
    [InlineData("train.fit")]
    [InlineData("train.fit[lr=0.1,depth=3]")]
    [InlineData("Ünïcode.ß")]
    [InlineData("----")]
    [InlineData("a_very_long_stage_name_that_goes_on.and_a_step_name_that_goes_on_even_longer_than_that")]
    public void Should_make_a_valid_object_name_and_label_value_of_any_step_id(string id)
    {
        var name = KubernetesNames.Object("pb", id);
        var label = KubernetesNames.LabelValue(id);

        Assert.Matches(DnsLabel, name);
        Assert.InRange(name.Length, 1, 63);
        Assert.Matches(LabelValue, label);
        Assert.InRange(label.Length, 1, 63);
    }

    [Fact]
    public void Should_give_ids_that_differ_only_in_what_a_name_cannot_hold_different_names()
    {
        string[] ids = ["s.a[lr=0.1]", "s.a[lr=0-1]", "s.a[LR=0.1]", "s-a-lr-0-1"];

        Assert.Equal(ids.Length, ids.Select(id => KubernetesNames.Object("pb", id)).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ids.Length, ids.Select(KubernetesNames.LabelValue).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Should_keep_a_label_value_that_is_already_valid()
    {
        Assert.Equal("prep.split_1", KubernetesNames.LabelValue("prep.split_1"));
    }
}
