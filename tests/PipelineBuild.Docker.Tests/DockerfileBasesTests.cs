using PipelineBuild.Docker.Images;

namespace PipelineBuild.Docker.Tests;

public sealed class DockerfileBasesTests
{
    [Fact]
    public void Should_name_every_external_base_but_not_stages_or_scratch()
    {
        const string dockerfile = """
            # syntax=docker/dockerfile:1
            ARG PY=3.12
            ARG VARIANT
            FROM --platform=linux/amd64 python:${PY}-slim${VARIANT} AS build
            RUN pip wheel . \
                -w /wheels
            FROM build AS test
            from scratch
            COPY --from=build /wheels /wheels
            COPY --from=0 /x /x
            COPY --from=ghcr.io/org/tools:1 /bin/tool /bin/tool
            FROM ${REGISTRY:-docker.io}/library/debian:12
            """;

        Assert.Equal(["python:3.12-slim", "ghcr.io/org/tools:1", "docker.io/library/debian:12"], DockerfileBases.Parse(dockerfile));
    }

    [Fact]
    public void Should_join_continuation_lines_and_keep_a_pinned_reference_whole()
    {
        const string dockerfile = "FROM \\\n  alpine@sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nRUN true\n";

        Assert.Equal(["alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"], DockerfileBases.Parse(dockerfile));
    }

    [Fact]
    public void Should_identify_a_base_by_pinned_digest_then_registry_digest_then_local_id()
    {
        var digest = "sha256:" + new string('1', 64);
        var other = "sha256:" + new string('2', 64);

        Assert.Equal(digest, BaseImageIdentity.Of("python@" + digest, ["python@" + other], "sha256:id"));
        Assert.Equal(digest, BaseImageIdentity.Of("python:3.12", ["docker.io/library/python@" + digest, "mirror.example/python@" + other], "sha256:id"));
        Assert.Equal($"{digest},{other}", BaseImageIdentity.Of("my-python:1", ["b/python@" + other, "a/python@" + digest], "sha256:id"));
        Assert.Equal("local sha256:id", BaseImageIdentity.Of("local/busybox:1", [], "sha256:id"));
        Assert.Equal("local sha256:id", BaseImageIdentity.Of("local/busybox:1", null, "sha256:id"));
    }
}
