using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Tests.Diagnostics;

public sealed class IoErrorTextTests
{
    [Theory]
    [InlineData(28, "the disk is full")]
    [InlineData(17, "a file or folder of that name is in the way")]
    [InlineData(20, "a part of the path is a file, not a folder")]
    [InlineData(30, "the file system is read-only")]
    [InlineData(13, "permission denied")]
    [InlineData(99999, "an I/O error (errno 99999)")]
    public void Should_describe_an_io_error_by_its_errno_not_its_message(int errno, string expected)
    {
        // Given an exception whose message is a bare resource key, as in the Native AOT tool
        var exception = new IOException("IO_FileExists_Name", errno);

        // When / Then
        Assert.Equal(expected, IoErrorText.Describe(exception));
    }

    [Fact]
    public void Should_describe_the_common_exception_types_in_words()
    {
        Assert.Equal("the file does not exist", IoErrorText.Describe(new FileNotFoundException("IO_FileNotFound_FileName")));
        Assert.Equal("its folder does not exist", IoErrorText.Describe(new DirectoryNotFoundException("IO_PathNotFound_Path")));
        Assert.Equal("permission denied", IoErrorText.Describe(new UnauthorizedAccessException("UnauthorizedAccess_IODenied_Path")));
    }

    [Fact]
    public void Should_describe_a_real_failure_to_write_under_a_file()
    {
        // Given a path whose "folder" is a regular file
        var file = Path.GetTempFileName();
        try
        {
            // When writing under it
            var exception = Record.Exception(() => File.WriteAllText(Path.Combine(file, "r.json"), "{}"));

            // Then the words name the cause
            Assert.NotNull(exception);
            Assert.Contains(IoErrorText.Describe(exception), new[] { "a part of the path is a file, not a folder", "its folder does not exist" });
        }
        finally
        {
            File.Delete(file);
        }
    }
}
