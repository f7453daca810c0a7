
namespace GeminiClone.Api.Problems;

public static class ExceptionChain
{
    /// <summary>
    /// Whether the exception or any it wraps is a match: Orleans wraps a provider's or a connection's exception
    /// in its own, so a cause is looked for down the chain.
    /// </summary>
    public static bool Any(this Exception? exception, Func<Exception, bool> match)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (match(exception))
            {
                return true;
            }
        }

        return false;
    }
}
