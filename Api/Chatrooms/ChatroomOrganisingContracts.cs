using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Api.Chatrooms;

/// <summary><c>PATCH /chatroom/:id</c>'s members that tidy a chatroom away: pinned, archived, its folder.</summary>
public sealed partial class UpdateChatroomRequest
{
    private readonly string? _folderId;
    private readonly bool? _temporary;

    /// <summary>Listed before the others (pinned first, then by latest activity).</summary>
    public bool? Pinned { get; init; }

    /// <summary>Left out of <c>GET /chatroom</c> unless <c>?archived=true</c> is asked.</summary>
    public bool? Archived { get; init; }

    /// <summary>One of the caller's folders (<c>GET /folders</c>) to move the chatroom into, or null to take it out of its folder; leave it out to keep it.</summary>
    [StringLength(64)]
    public string? FolderId
    {
        get => _folderId;
        init => (_folderId, FolderIdSent) = (value, true);
    }

    /// <summary>Refused with a 400: a chatroom is temporary or not from its creation (<c>POST /chatroom</c>).</summary>
    public bool? Temporary
    {
        get => _temporary;
        init => (_temporary, TemporarySent) = (value, true);
    }

    /// <summary>Whether the body named <c>folderId</c>: <c>"folderId": null</c> takes the chatroom out of its folder, absent keeps it.</summary>
    [JsonIgnore]
    public bool FolderIdSent { get; private init; }

    /// <summary>Whether the body named <c>temporary</c> at all, even as null: it cannot change, and saying so is clearer than ignoring it.</summary>
    [JsonIgnore]
    public bool TemporarySent { get; private init; }

    private bool Organises => Pinned is not null || Archived is not null || FolderIdSent;

    private ChatroomChange Organise(ChatroomChange change) =>
        change with { Pinned = Pinned, Archived = Archived, FolderId = FolderIdSent ? FolderId ?? "" : null };
}

/// <summary>The organising members every chatroom answer carries.</summary>
public sealed partial record ChatroomData
{
    /// <summary>Listed before the others.</summary>
    public bool Pinned { get; init; }

    /// <summary>Listed only under <c>GET /chatroom?archived=true</c>.</summary>
    public bool Archived { get; init; }

    /// <summary>The caller's folder holding it; null for none.</summary>
    public string? FolderId { get; init; }

    /// <summary>A temporary chat: never searched, exported or shared, deleted a day after its last activity.</summary>
    public bool Temporary { get; init; }
}
