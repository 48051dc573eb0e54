namespace PipelineBuild.Core.Caching.Remote;

/// <summary>A remote cache could not be reached or refused a request (never a missing object).</summary>
public sealed class RemoteStoreException : Exception
{
    public RemoteStoreException()
    {
    }

    public RemoteStoreException(string message)
        : base(message)
    {
    }

    public RemoteStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
