namespace AutomationServer.Api.StarterContent;

/// <summary>Settings of section <c>Content</c>.</summary>
public sealed class StarterContentOptions
{
    public const string SectionName = "Content";

    /// <summary>Installs the shipped templates and journeys (as drafts) that are missing when the server starts.</summary>
    public bool InstallStarterContent { get; set; } = true;

    /// <summary>The folder holding the shipped journeys (<c>*.json</c>) and <c>templates/*.json</c>; by default <c>workflows</c> next to the server.</summary>
    public string? Folder { get; set; }
}
