namespace AutomationServer.Workflows.Runtime;

/// <summary>Told after a commit that put messages in the outbox, so the send pipeline starts on them without waiting for its next poll.</summary>
public interface IOutboxSignal
{
    void MessagesQueued(int count);
}
