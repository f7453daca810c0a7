using System.Buffers.Binary;
using System.Buffers.Text;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace GeminiClone.TestSupport;

/// <summary>
/// A passkey authenticator in software, as a browser plus platform authenticator would answer: an ES256 key,
/// attestation <c>none</c>, and the WebAuthn Level 3 JSON (<c>credential.toJSON()</c>) of what it creates and signs.
/// Each answer can be bent (origin, RP id, counter, signing key) to play a phishing page, a clone or a forger.
/// </summary>
public sealed class SoftwareAuthenticator(string origin, string rpId = "localhost") : IDisposable
{
    private const byte UserPresent = 0x01, UserVerified = 0x04, AttestedCredentialData = 0x40;

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(32);

    public string Id => Base64Url.EncodeToString(CredentialId);

    /// <summary>The account's user handle, remembered from the creation options as a discoverable credential keeps it.</summary>
    public byte[]? UserHandle { get; private set; }

    /// <summary>The signature counter; each assertion advances it by one unless a test sets it.</summary>
    public uint Counter { get; set; }

    /// <summary>Answers <c>navigator.credentials.create()</c> for creation options in their JSON form.</summary>
    public JsonObject Create(JsonNode options, string? asOrigin = null, string? asRpId = null)
    {
        UserHandle = Base64Url.DecodeFromChars(options["user"]!["id"]!.GetValue<string>());
        var clientData = ClientData("webauthn.create", options, asOrigin);
        var authenticatorData = AuthenticatorData(asRpId ?? options["rp"]?["id"]?.GetValue<string>(), (byte)(UserPresent | UserVerified | AttestedCredentialData), [.. AttestedCredential()]);
        var attestation = new CborWriter(CborConformanceMode.Ctap2Canonical);
        attestation.WriteStartMap(3);
        attestation.WriteTextString("fmt");
        attestation.WriteTextString("none");
        attestation.WriteTextString("attStmt");
        attestation.WriteStartMap(0);
        attestation.WriteEndMap();
        attestation.WriteTextString("authData");
        attestation.WriteByteString(authenticatorData);
        attestation.WriteEndMap();

        return Credential(new JsonObject
        {
            ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
            ["attestationObject"] = Base64Url.EncodeToString(attestation.Encode()),
            ["transports"] = new JsonArray("internal"),
        });
    }

    /// <summary>Answers <c>navigator.credentials.get()</c> for request options in their JSON form.</summary>
    /// <param name="signingKey">Another key to sign with: a forger who has the credential id but not the private key.</param>
    public JsonObject Get(JsonNode options, string? asOrigin = null, string? asRpId = null, ECDsa? signingKey = null)
    {
        Counter++;
        var clientData = ClientData("webauthn.get", options, asOrigin);
        var authenticatorData = AuthenticatorData(asRpId ?? options["rpId"]?.GetValue<string>(), UserPresent | UserVerified, []);
        byte[] signed = [.. authenticatorData, .. SHA256.HashData(clientData)];
        var signature = (signingKey ?? _key).SignData(signed, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        return Credential(new JsonObject
        {
            ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
            ["authenticatorData"] = Base64Url.EncodeToString(authenticatorData),
            ["signature"] = Base64Url.EncodeToString(signature),
            ["userHandle"] = UserHandle is null ? null : Base64Url.EncodeToString(UserHandle),
        });
    }

    /// <summary>A <c>PublicKeyCredential</c> in its <c>toJSON()</c> form around one ceremony's response.</summary>
    private JsonObject Credential(JsonObject response) => new()
    {
        ["id"] = Id,
        ["rawId"] = Id,
        ["type"] = "public-key",
        ["authenticatorAttachment"] = "platform",
        ["clientExtensionResults"] = new JsonObject(),
        ["response"] = response,
    };

    private byte[] ClientData(string type, JsonNode options, string? asOrigin) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["type"] = type,
        ["challenge"] = options["challenge"]!.GetValue<string>(),
        ["origin"] = asOrigin ?? origin,
        ["crossOrigin"] = false,
    }.ToJsonString());

    /// <summary>rpIdHash (32), flags (1), counter (4, big-endian), then any attested credential data.</summary>
    private byte[] AuthenticatorData(string? asRpId, byte flags, byte[] attested)
    {
        var counter = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(counter, Counter);
        return [.. SHA256.HashData(Encoding.UTF8.GetBytes(asRpId ?? rpId)), flags, .. counter, .. attested];
    }

    /// <summary>AAGUID (16 zero bytes: none attestation), credential id length (2, big-endian), id, COSE_Key.</summary>
    private IEnumerable<byte> AttestedCredential()
    {
        var length = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)CredentialId.Length);
        return [.. new byte[16], .. length, .. CredentialId, .. CoseKey()];
    }

    /// <summary>The public key as a COSE EC2 key: kty 2, alg -7 (ES256), crv 1 (P-256), x, y; in CTAP2 canonical order.</summary>
    private byte[] CoseKey()
    {
        var point = _key.ExportParameters(includePrivateParameters: false).Q;
        var cose = new CborWriter(CborConformanceMode.Ctap2Canonical);
        cose.WriteStartMap(5);
        cose.WriteInt32(1);
        cose.WriteInt32(2);
        cose.WriteInt32(3);
        cose.WriteInt32(-7);
        cose.WriteInt32(-1);
        cose.WriteInt32(1);
        cose.WriteInt32(-2);
        cose.WriteByteString(point.X!);
        cose.WriteInt32(-3);
        cose.WriteByteString(point.Y!);
        cose.WriteEndMap();
        return cose.Encode();
    }

    public void Dispose() => _key.Dispose();
}
