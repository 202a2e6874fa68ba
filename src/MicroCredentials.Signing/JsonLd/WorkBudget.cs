namespace MicroCredentials.Signing.JsonLd;

/// <summary>
/// The work one document may cost (<see cref="JsonLdLimits.MaxWork"/>), shared by every expansion attempt of that
/// document, and the point where the caller's cancellation is observed inside the synchronous algorithms.
/// </summary>
internal sealed class WorkBudget(int limit, CancellationToken cancellationToken)
{
    private long spent;
    private int calls;

    /// <summary>Charges <paramref name="units"/>; throws <see cref="JsonLdErrorCodes.LimitWork"/> past the limit.</summary>
    public void Charge(int units, Func<string, string, JsonLdException> error)
    {
        spent += units;
        if (spent > limit)
        {
            throw error(JsonLdErrorCodes.LimitWork, $"Processing this document needs more than {limit} units of JSON-LD work (contexts, term definitions, imports, values).");
        }

        // Polling the token costs little, but not nothing: every 256th charge is often enough to stop within milliseconds.
        if ((++calls & 0xFF) == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
