namespace Edge.Reload;

/// <summary>What the last reload left for people to see: its refusal, or nothing once one is applied.</summary>
internal sealed class ReloadNotices
{
    private ReloadRefusal? _refusal;

    /// <summary>Raised after <see cref="Refusal"/> changes.</summary>
    public event Action? Changed;

    public ReloadRefusal? Refusal => Volatile.Read(ref _refusal);

    public void Refused(ReloadRefusal refusal)
    {
        Volatile.Write(ref _refusal, refusal);
        Changed?.Invoke();
    }

    public void Applied()
    {
        if (Interlocked.Exchange(ref _refusal, null) is not null)
            Changed?.Invoke();
    }
}
