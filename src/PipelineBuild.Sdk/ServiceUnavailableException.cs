namespace PipelineBuild.Sdk;

/// <summary>
/// Thrown by a task when a service it needs (a database server, an HTTP endpoint) cannot be reached. The step
/// fails with the message, and the run exits 3 ("a needed service is unavailable") instead of 1, so that CI can
/// tell an outage from a broken step.
/// </summary>
public sealed class ServiceUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ServiceUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message naming the service and what to do.</summary>
    /// <param name="message">The message.</param>
    public ServiceUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that made the service unreachable.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ServiceUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
