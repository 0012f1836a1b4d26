namespace Stytch.Emulator;

/// <summary>The most recent magic-link emails (newest first), also served at <c>/emulator/inbox</c>.</summary>
public sealed class MagicLinkInbox
{
    public const int Capacity = 200;

    private readonly Lock _gate = new();
    private readonly LinkedList<MagicLinkMessage> _messages = new();

    internal MagicLinkInbox()
    {
    }

    /// <summary>A snapshot, newest first.</summary>
    public IReadOnlyList<MagicLinkMessage> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>The newest message sent to <paramref name="email"/> (case-insensitive), or null.</summary>
    public MagicLinkMessage? Latest(string email)
    {
        lock (_gate)
        {
            return _messages.FirstOrDefault(m => string.Equals(m.To, email, StringComparison.OrdinalIgnoreCase));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _messages.Clear();
        }
    }

    internal void Add(MagicLinkMessage message)
    {
        lock (_gate)
        {
            _messages.AddFirst(message);
            if (_messages.Count > Capacity)
            {
                _messages.RemoveLast();
            }
        }
    }
}
