namespace GeminiClone.Grains.Users.Passkeys;

/// <summary>One credential: whose it is, its COSE public key and where its signature counter stands.</summary>
[GenerateSerializer, Alias("GeminiClone.Passkeys.PasskeyState")]
public sealed class PasskeyState
{
    [Id(0)] public string? OwnerUserId { get; set; }
    [Id(1)] public byte[] PublicKey { get; set; } = [];
    [Id(2)] public uint SignCount { get; set; }
    [Id(3)] public byte[] UserHandle { get; set; } = [];
    [Id(4)] public string Name { get; set; } = "";
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }
    [Id(6)] public DateTimeOffset? LastUsedAt { get; set; }
    /// <summary>Set when the counter went backwards: another authenticator signs with this key. It signs in no more.</summary>
    [Id(7)] public bool PossiblyCloned { get; set; }
    [Id(8)] public List<string> Transports { get; set; } = [];
}

/// <summary>A user's side of their passkeys: the credential ids, and the WebAuthn user handle every one of them carries.</summary>
[GenerateSerializer, Alias("GeminiClone.Passkeys.UserPasskeysState")]
public sealed class UserPasskeysState
{
    /// <summary>32 random bytes, not the user id: authenticators may show or leak it, and it must not identify the account elsewhere.</summary>
    [Id(0)] public byte[]? UserHandle { get; set; }
    [Id(1)] public List<string> PasskeyIds { get; set; } = [];
}
