// Swift tests of the oxidc uniffi bindings: the vector corpus, error mapping, client
// assertions, bad input. Compiled together with the generated Oxidc.swift (one module):
//   swiftc -Xcc -fmodule-map-file=oxidcFFI.modulemap -I <gen> Oxidc.swift main.swift \
//     -L target/debug -loxidc_uniffi -o oxidc-swift-tests
//   LD_LIBRARY_PATH=target/debug ./oxidc-swift-tests tests/vectors
// Last line: "swift: N passed, M failed".
import Foundation

struct Failure: Error, CustomStringConvertible {
    let description: String
}

func check(_ cond: Bool, _ msg: @autoclosure () -> String) throws {
    if !cond { throw Failure(description: msg()) }
}

func checkEq<T: Equatable>(_ got: T, _ want: T, _ what: String) throws {
    try check(got == want, "\(what): got \(got), want \(want)")
}

/// The variant name of a uniffi error (`Expired(message: "...")` -> `Expired`).
func variantName(_ e: Error) -> String {
    String(String(describing: e).prefix { $0 != "(" })
}

/// The stable core name at the start of every message: `expired: token has expired`.
func kindOf(_ e: Error) -> String {
    let m = Mirror(reflecting: e)
    let message = m.children.first.flatMap { child -> String? in
        if let s = child.value as? String { return s }
        return Mirror(reflecting: child.value).children.first?.value as? String
    } ?? ""
    return String(message.prefix { $0 != ":" })
}

func snake(_ name: String) -> String {
    // `BadSignature` -> `bad_signature`, `NotAPrivateKey` -> `not_a_private_key`
    let c = Array(name)
    var out = ""
    for i in c.indices {
        if i > 0 && c[i].isUppercase {
            let prev = c[i - 1]
            let nextLower = i + 1 < c.count && c[i + 1].isLowercase
            if prev.isLowercase || prev.isNumber || (prev.isUppercase && nextLower) { out.append("_") }
        }
        out.append(contentsOf: c[i].lowercased())
    }
    return out
}

func category(_ kind: String) -> String {
    switch kind {
    case "invalid_base64", "invalid_utf8", "invalid_json", "duplicate_member", "not_an_object",
         "malformed_token", "missing_algorithm", "invalid_header": return "malformed"
    case "token_too_large", "header_too_large", "json_too_deep", "too_many_members",
         "value_too_long", "too_many_keys": return "too_large"
    case "algorithm_none", "unsupported_algorithm", "algorithm_mismatch": return "unsupported_algorithm"
    case "unsupported_critical", "unencoded_payload": return "unsupported_header"
    default: return kind
    }
}

let vectorsDir = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "tests/vectors"

func loadJson(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
}

func canonical(_ v: Any) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: v, options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
}

func jsonText(_ v: Any) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: v, options: [.fragmentsAllowed]), as: UTF8.self)
}

func vectors(_ dirs: [String]) throws -> [(String, [String: Any])] {
    var out: [(String, [String: Any])] = []
    for d in dirs {
        let dir = URL(fileURLWithPath: vectorsDir).appendingPathComponent(d)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        for f in files {
            let data = try Data(contentsOf: dir.appendingPathComponent(f))
            out.append(("\(d)/\(f)", try JSONSerialization.jsonObject(with: data) as! [String: Any]))
        }
    }
    return out
}

func validatorFor(_ policy: [String: Any]) -> Validator {
    Validator(
        issuers: (policy["issuer"] as? String).map { [$0] } ?? [],
        audiences: (policy["audience"] as? String).map { [$0] } ?? [],
        leewaySecs: UInt32((policy["leeway"] as? Int) ?? 15)
    )
}

func flip(_ token: String, _ pos: Int) -> String {
    var chars = Array(token)
    chars[pos] = chars[pos] == "A" ? "B" : "A"
    return String(chars)
}

func flipPositions(_ token: String) -> [Int] {
    let chars = Array(token)
    let d1 = chars.firstIndex(of: ".")!
    let d2 = chars.lastIndex(of: ".")!
    return [d1 / 2, (d1 + d2) / 2, (d2 + chars.count) / 2]
}

func corpus() throws -> String {
    var checked = 0
    for (name, v) in try vectors(["jws", "rfc"]) {
        switch v["kind"] as? String {
        case "thumbprint":
            for k in v["keys"] as! [[String: Any]] {
                let jwk = try Jwk.fromJson(json: try jsonText(k["jwk"]!))
                try checkEq(try jwk.thumbprint(), k["rfc7638"] as! String, name)
                if let legacy = k["legacy"] as? String {
                    try checkEq(try jwk.thumbprint(form: .cryptojwtLegacy), legacy, name)
                }
            }
        case "jws":
            let keys = try KeySet.fromJwks(jwks: try jsonText(v["jwks"]!))
            let jws = try verifyJws(token: v["token"] as! String, keys: keys)
            let expected = v["expected"] as! [String: Any]
            try checkEq(try canonical(try loadJson(jws.header.json)), try canonical(expected["header"]!), name)
            try checkEq(String(decoding: jws.payload, as: UTF8.self), expected["payload_text"] as! String, name)
        default:
            let token = v["token"] as! String
            let now = Int64(v["now"] as! Int)
            let expected = v["expected"] as! [String: Any]
            let validator = validatorFor(v["policy"] as! [String: Any])
            let jwks = try jsonText(v["jwks"]!)
            if expected["valid"] as? Bool == true {
                let keys = try KeySet.fromJwks(jwks: jwks)
                let jwt = try validator.verify(token: token, keys: keys, now: now)
                try checkEq(try canonical(try loadJson(jwt.claims.json)), try canonical(expected["claims"]!), name)
                try checkEq(try canonical(try loadJson(jwt.header.json)), try canonical(expected["header"]!), name)
                for pos in flipPositions(token) {
                    do {
                        _ = try validator.verify(token: flip(token, pos), keys: keys, now: now)
                        throw Failure(description: "\(name): flipped byte \(pos) accepted")
                    } catch is VerifyError {}
                }
            } else {
                let want = expected["error"] as! String
                do {
                    _ = try validator.verify(token: token, keys: try KeySet.fromJwks(jwks: jwks), now: now)
                    throw Failure(description: "\(name): accepted, want \(want)")
                } catch let e as VerifyError {
                    try checkEq(category(kindOf(e)), want, name)
                } catch let e as KeyParseError {
                    try checkEq(category(kindOf(e)), want, name)
                }
            }
        }
        checked += 1
    }
    try check(checked >= 70, "only \(checked) vectors")
    return "\(checked) vectors"
}

/// What a vector's outcome needs from the crypto provider (RSA, SHA-384/512), if anything: a
/// provider without it answers `unsupported_by_provider`, reported per vector.
func providerDependent(_ token: String) -> String? {
    var h = String(token.prefix { $0 != "." })
        .replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while h.count % 4 != 0 { h += "=" }
    guard let data = Data(base64Encoded: h),
          let header = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
          let alg = header["alg"] as? String else { return nil }
    if alg.hasPrefix("RS") || alg.hasPrefix("PS") { return "RSA" }
    if alg == "HS384" || alg == "HS512" { return "SHA-384/SHA-512" }
    return nil
}

/// The JWT attack catalogue (tests/vectors/attacks), as every other layer runs it: each
/// rejection is a typed error whose variant is the kind its message names, in the vector's
/// category; valid cases decode and fail with a byte flipped.
func attackCorpus() throws -> String {
    let all = try vectors(["attacks"])
    var mismatches: [String] = []
    var rejected = 0, valid = 0, limited = 0
    for (name, v) in all {
        let token = v["token"] as! String
        let now = Int64(v["now"] as! Int)
        let expected = v["expected"] as! [String: Any]
        let validator = validatorFor(v["policy"] as! [String: Any])
        let jwks = try jsonText(v["jwks"]!)
        var jwt: Jwt? = nil
        var failure: Error? = nil
        do {
            jwt = try validator.verify(token: token, keys: try KeySet.fromJwks(jwks: jwks), now: now)
        } catch let e as VerifyError {
            failure = e
        } catch let e as KeyParseError {
            failure = e
        }
        if expected["valid"] as? Bool == true {
            guard let jwt = jwt else {
                mismatches.append("\(name): rejected with \(failure.map { String(describing: $0) } ?? "?")")
                continue
            }
            let header = try canonical(try loadJson(jwt.header.json))
            let claims = try canonical(try loadJson(jwt.claims.json))
            if header != (try canonical(expected["header"]!)) || claims != (try canonical(expected["claims"]!)) {
                mismatches.append("\(name): decoded header or claims differ")
                continue
            }
            let keys = try KeySet.fromJwks(jwks: jwks)
            for pos in flipPositions(token) {
                do {
                    _ = try validator.verify(token: flip(token, pos), keys: keys, now: now)
                    mismatches.append("\(name): accepted with a byte flipped at \(pos)")
                } catch is VerifyError {}
            }
            valid += 1
            continue
        }
        let want = expected["error"] as! String
        guard let e = failure else {
            mismatches.append("\(name): ACCEPTED, want \(want)")
            continue
        }
        let variant = snake(variantName(e))
        if variant != kindOf(e) {
            mismatches.append("\(name): \(variantName(e)) carries message \(e)")
        } else if variant == "unsupported_by_provider", let needs = providerDependent(token) {
            print("  limited \(name): unsupported_by_provider (needs \(needs); expected \(want))")
            limited += 1
        } else if category(variant) != want {
            mismatches.append("\(name): \(variantName(e)) (\(category(variant))), want \(want)")
        } else {
            rejected += 1
        }
    }
    try check(mismatches.isEmpty, "\(mismatches.count) of \(all.count):\n  " + mismatches.joined(separator: "\n  "))
    try check(all.count >= 150, "only \(all.count) attack vectors")
    try checkEq(rejected + valid + limited, all.count, "attack vectors accounted for")
    return "\(all.count) attack vectors: \(rejected) rejected as expected, \(valid) valid, \(limited) provider-limited"
}

/// The attacks too large to keep as files (tests/conformance/tests/attacks.rs builds the same
/// ones): each gives its exact limit error.
func oversizedAttacks() throws -> String {
    let hs = "{\"keys\":[{\"alg\":\"HS256\",\"k\":\"zj3fTrgcJv3afFebAZynKG-a-IVNvZZu4RIQXmuAv50\",\"kty\":\"oct\"}]}"
    let keys = try KeySet.fromJwks(jwks: hs)
    let token = "eyJhbGciOiJIUzI1NiJ9." + String(repeating: "eHh4", count: 262_144) + ".AAAA"
    do {
        _ = try Validator().verify(token: token, keys: keys, now: 0)
        throw Failure(description: "1 MB token accepted")
    } catch VerifyError.TokenTooLarge {}
    let key = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"Knh-VGeRwI1mwV7PJVFsIqxYDsYJeE1uNMJctZyb_N0\",\"y\":\"G8erQ0wsAJaZYkFBE4UAY1temx8qtKSIokgoK_bfOOs\"}"
    let jwks = "{\"keys\":[" + Array(repeating: key, count: 10_000).joined(separator: ",") + "]}"
    do {
        _ = try KeySet.fromJwks(jwks: jwks)
        throw Failure(description: "10 000-key JWKS accepted")
    } catch KeyParseError.TooManyKeys {} catch KeyParseError.TooManyMembers {}
    do {
        _ = try KeySet.fromJwks(jwks: "{\"keys\":" + String(repeating: "[", count: 1 << 20))
        throw Failure(description: "1 MB of nesting accepted")
    } catch KeyParseError.JsonTooDeep {}
    let letters = Array("abcdefghijklmnopqrstuvwxyz")
    let query = (0..<10_000).map { i in String([letters[i / 676], letters[i / 26 % 26], letters[i % 26]]) + "=1" }
        .joined(separator: "&")
    do {
        _ = try parseAuthorizationResponse(response: query)
        throw Failure(description: "10 000 parameters accepted")
    } catch MessageError.TooManyParameters {}
    return "1 MB token, 10 000-key JWKS, 1 MB of nesting, 10 000-parameter query"
}

func errorMapping() throws -> String {
    let kinds = errorKinds()
    let families: [(String, (String) throws -> Void)] = [
        ("KeyParseError", { try throwKeyParseError(kind: $0) }),
        ("VerifyError", { try throwVerifyError(kind: $0) }),
        ("MintError", { try throwMintError(kind: $0) }),
        ("PkceError", { try throwPkceError(kind: $0) }),
        ("MessageError", { try throwMessageError(kind: $0, param: "code") }),
    ]
    for (family, raise) in families {
        var seen = Set<String>()
        for kind in kinds {
            do {
                try raise(kind)
                throw Failure(description: "\(family) \(kind): nothing thrown")
            } catch let e as Failure {
                throw e
            } catch {
                try checkEq(String(describing: type(of: error)), family, "family of \(kind)")
                try checkEq(snake(variantName(error)), kind, "\(family) variant")
                try checkEq(kindOf(error), kind, "\(family) message")
                seen.insert(variantName(error))
            }
        }
        try checkEq(seen.count, kinds.count, "\(family): distinct variants")
    }
    return "\(kinds.count) kinds x \(families.count) families"
}

func clientAssertions() throws -> String {
    let v = try vectors(["jws"]).first { $0.0.hasSuffix("013-es256-access-valid.json") }!.1
    let key = try SigningKey.fromJwk(json: try jsonText(v["signing_jwk"]!))
    var random = [UInt8](repeating: 0, count: 16)
    for i in random.indices { random[i] = UInt8.random(in: 0...255) }
    let jti = Data(random).base64EncodedString()
    let endpoint = "https://op.example.com/token"
    let assertion = try key.clientAssertion(clientId: "client-1", audience: endpoint, jti: jti, now: 1_700_000_000, lifetimeSecs: 60)
    let jwt = try Validator(issuers: ["client-1"], audiences: [endpoint])
        .verify(token: assertion, keys: try KeySet.fromJwks(jwks: try jsonText(v["jwks"]!)), now: 1_700_000_010)
    try checkEq(jwt.claims.sub, "client-1", "sub")
    try checkEq(jwt.claims.jti, jti, "jti")
    try checkEq(jwt.claims.exp, 1_700_000_060, "exp")
    let secret = Data("a client secret of 32 bytes!!!!!".utf8)
    let hs = try SigningKey.fromClientSecret(secret: secret, algorithm: .hs256)
        .clientAssertion(clientId: "client-2", audience: endpoint, jti: "j", now: 1_700_000_000)
    _ = try Validator().verify(token: hs, keys: try KeySet.fromClientSecret(secret: secret, algorithm: .hs256), now: 1_700_000_000)
    do {
        _ = try SigningKey.fromClientSecret(secret: Data("short".utf8), algorithm: .hs256)
        throw Failure(description: "short secret accepted")
    } catch KeyParseError.KeyTooShort {}
    return "ES256 and HS256"
}

func badInput() throws -> String {
    let v = try vectors(["jws"]).first { $0.0.hasSuffix("013-es256-access-valid.json") }!.1
    let keys = try KeySet.fromJwks(jwks: try jsonText(v["jwks"]!))
    var rejected = 0
    for t in ["", ".", "..", "a.b.c", "\u{0}.\u{0}.\u{0}", "é.é.é", String(repeating: "x", count: 100_000)] {
        do { _ = try Validator().verify(token: t, keys: keys, now: 0) } catch is VerifyError { rejected += 1 }
    }
    for j in ["", "{", "[]", "{}", "{\"keys\":[1]}"] {
        do { _ = try KeySet.fromJwks(jwks: j) } catch is KeyParseError { rejected += 1 }
    }
    try checkEq(rejected, 12, "rejected")
    return "\(rejected) rejected with mapped errors"
}

func oauthSurface() throws -> String {
    // PKCE: RFC 7636 Appendix B, then a fresh pair from platform randomness.
    try checkEq(try pkceChallenge(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "RFC 7636 B")
    var random = [UInt8](repeating: 0, count: 32)
    for i in random.indices { random[i] = UInt8.random(in: 0...255) }
    let p = try pkceGenerate(random: Data(random))
    try checkEq(p.verifier.count, 43, "verifier length")
    try pkceVerify(verifier: p.verifier, challenge: p.challenge, method: p.method)
    do {
        try pkceVerify(verifier: try pkceVerifier(random: Data(count: 32)), challenge: p.challenge, method: .s256)
        throw Failure(description: "PKCE mismatch accepted")
    } catch PkceError.PkceMismatch {}
    // Responses.
    switch try parseAuthorizationResponse(response: "code=abc&state=xyz&iss=https%3A%2F%2Fop.example.com",
                                          issuer: "https://op.example.com") {
    case .success(let r): try checkEq(r.code, "abc", "code")
    case .failure(let e): throw Failure(description: "unexpected \(e)")
    }
    do {
        _ = try parseAuthorizationResponse(response: "state=xyz")
        throw Failure(description: "missing code accepted")
    } catch MessageError.MissingParameter {}
    switch try parseTokenResponse(json: "{\"error\":\"invalid_grant\"}") {
    case .failure(let e): try checkEq(e.error, "invalid_grant", "token error")
    case .success: throw Failure(description: "error response parsed as tokens")
    }
    try checkEq(errorResponseFor(kind: "pkce_mismatch").error, "invalid_grant", "error code")
    // ID token from the corpus.
    let v = try vectors(["jws"]).first { $0.0.hasSuffix("015-es256-id-valid.json") }!.1
    let c = (v["expected"] as! [String: Any])["claims"] as! [String: Any]
    let keys = try KeySet.fromJwks(jwks: try jsonText(v["jwks"]!))
    let verifier = IdTokenVerifier(issuer: c["iss"] as! String, clientId: (c["aud"] as! [String])[0], leewaySecs: 15)
    let id = try verifier.verify(idToken: v["token"] as! String, keys: keys, now: Int64(v["now"] as! Int),
                                 nonce: c["nonce"] as? String)
    try checkEq(id.claims.sub, c["sub"] as! String, "sub")
    do {
        _ = try verifier.verify(idToken: v["token"] as! String, keys: keys, now: Int64(v["now"] as! Int), nonce: "other")
        throw Failure(description: "other nonce accepted")
    } catch VerifyError.NonceMismatch {}
    return "PKCE, responses, ID token"
}

// ---------------------------------------------------------------- request objects (OP side)

/// The message of a uniffi error (`kind: explanation (parameter `x`)`).
func messageOf(_ e: Error) -> String {
    let m = Mirror(reflecting: e)
    return m.children.first.flatMap { child -> String? in
        if let s = child.value as? String { return s }
        return Mirror(reflecting: child.value).children.first?.value as? String
    } ?? ""
}

/// The parameter a MessageError names: its message ends in "(parameter `x`)".
func paramOf(_ e: Error) -> String? {
    let m = messageOf(e)
    guard m.hasSuffix("`)"), let r = m.range(of: " (parameter `", options: .backwards) else { return nil }
    return String(m[r.upperBound...].dropLast(2))
}

/// `body` with one signature character of the JWT in parameter `name` changed (as
/// tests/conformance/tests/request_object_vectors.rs does); nil without one.
func tamper(_ body: String, _ name: String) -> String? {
    let chars = Array(body)
    var pos = 0
    for part in body.split(separator: "&", omittingEmptySubsequences: false) {
        if part.hasPrefix(name + "=") {
            let start = pos + name.count + 1
            let value = Array(chars[start..<(pos + part.count)])
            guard let dot = value.lastIndex(of: ".") else { return nil }
            let at = start + dot + 1 + 2
            var out = chars
            out[at] = chars[at] == "A" ? "B" : "A"
            return String(out)
        }
        pos += part.count + 1
    }
    return nil
}

let ownTyping: Set<String> = ["duplicate_parameter", "wrong_parameter_type", "parameter_too_long"]

func requestOptions(_ v: [String: Any], audience: String?? = .none, required: [RegisteredClaim] = [],
                    json: Bool = false) -> AuthenticationRequestOptions {
    AuthenticationRequestOptions(
        issuer: v["op_issuer"] as! String,
        audience: audience ?? (v["op_issuer"] as! String),
        leewaySecs: UInt32(v["leeway"] as! Int),
        required: required,
        hintClientId: v["hint_client_id"] as? String,
        json: json
    )
}

func authnRequest(_ v: [String: Any], _ body: String, _ options: AuthenticationRequestOptions? = nil,
                  now: Int64? = nil) throws -> AuthenticationRequest {
    try parseAuthenticationRequest(
        query: body, options: options ?? requestOptions(v), now: now ?? Int64(v["now"] as! Int),
        clientKeys: try KeySet.fromJwks(json: try jsonText(v["client_jwks"]!)),
        opKeys: try KeySet.fromJwks(json: try jsonText(v["op_jwks"]!))
    )
}

/// Runs `run`, which must throw a MessageError of `kind` (any kind when nil) naming `param`,
/// answered with the rejection's own OAuth code.
func expectRejection(_ what: String, _ kind: String?, _ param: String?, _ run: () throws -> Void) throws -> String {
    do {
        try run()
    } catch let e as MessageError {
        let k = kindOf(e)
        if let kind = kind {
            try checkEq(k, kind, "\(what) kind (\(messageOf(e)))")
            try checkEq(snake(variantName(e)), kind, "\(what) variant")
        }
        try checkEq(paramOf(e), param, "\(what) parameter (\(messageOf(e)))")
        let want: String
        if param == "request" && !ownTyping.contains(k) {
            want = "invalid_request_object"
        } else if param == "id_token_hint" && !ownTyping.contains(k) {
            want = "invalid_request"
        } else {
            want = errorResponseFor(kind: k).error
        }
        try checkEq(errorResponseFor(kind: k, param: param).error, want, "\(what) OAuth code")
        return k
    }
    throw Failure(description: "\(what): accepted, want \(kind ?? "a rejection")")
}

func requestObjectVectors() throws -> String {
    var positive = 0, negative = 0, merged = 0, tampered = 0
    for (name, v) in try vectors(["messages/request-object"]) {
        let body = v["body"] as! String
        let want = v["expected"] as! [String: Any]
        if want["ok"] as? Bool != true {
            _ = try expectRejection(name, want["error"] as? String, want["param"] as? String) {
                _ = try authnRequest(v, body)
            }
            negative += 1
            continue
        }
        let r = try authnRequest(v, body)
        let params = try loadJson(r.params) as! [String: Any]
        try checkEq(r.verifiedIdTokenHint?.claims.sub, want["id_token_hint_sub"] as? String, "\(name) hint sub")
        if let hint = r.verifiedIdTokenHint {
            try checkEq(hint.claims.iss, v["op_issuer"] as? String, "\(name) hint iss")
            try checkEq(params["id_token_hint"] as? String, r.idTokenHint, "\(name) hint")
        }
        if body.contains("request=") {
            guard let ro = r.verifiedRequest else { throw Failure(description: "\(name): no request object") }
            let claims = try loadJson(ro.claims.json) as! [String: Any]
            try checkEq(ro.claims.iss, "client-1", "\(name) iss")
            try checkEq(claims["client_id"] as? String, "client-1", "\(name) inner client_id")
            // The effective request is exactly the object's parameters (idpyoidc's merge).
            try checkEq(Set(params.keys), Set(claims.keys), "\(name) effective = object")
        } else {
            try checkEq(r.verifiedRequest == nil, true, "\(name) no request object")
        }
        try checkEq(r.clientId, params["client_id"] as! String, "\(name) client_id")
        try checkEq(r.scope, (params["scope"] as! String).split(separator: " ").map(String.init), "\(name) scope")
        try checkEq(r.responseType, (params["response_type"] as! String).split(separator: " ").map(String.init),
                    "\(name) response_type")
        try checkEq(r.redirectUri, params["redirect_uri"] as! String, "\(name) redirect_uri")
        try checkEq(r.state, params["state"] as? String, "\(name) state")
        try checkEq(r.nonce, params["nonce"] as? String, "\(name) nonce")
        try checkEq(r.maxAge, (params["max_age"] as? Int).map { Int64($0) }, "\(name) max_age")
        try checkEq(try r.claims.map { try canonical(try loadJson($0)) },
                    try params["claims"].map { try canonical($0) }, "\(name) claims")
        if v["divergence"] == nil {
            let idp = (v["idpyoidc"] as! [String: Any])["merged"]!
            try checkEq(try canonical(params), try canonical(idp), "\(name) idpyoidc's merged request")
            merged += 1
        }
        var t = 0
        for p in ["request", "id_token_hint"] {
            guard let bad = tamper(body, p) else { continue }
            let k = try expectRejection("\(name) tampered \(p)", nil, p) { _ = try authnRequest(v, bad) }
            try check(k == "bad_signature" || k == "invalid_base64", "\(name) tampered \(p): \(k)")
            t += 1
        }
        try check(t >= 1, "\(name): nothing to tamper")
        tampered += t
        positive += 1
    }
    try checkEq(positive + negative, 38, "request-object vectors")
    return "\(positive) accepted (\(merged) equal to idpyoidc's merge, \(tampered) tampered signatures rejected), \(negative) rejected"
}

func requestObjectPolicy() throws -> String {
    let v = try vectors(["messages/request-object"]).first { $0.0.hasSuffix("ro-es256-ok.json") }!.1
    let body = v["body"] as! String
    let now = Int64(v["now"] as! Int)
    // No client keys: the object cannot verify.
    let k = try expectRejection("no client keys", "unknown_key", "request") {
        _ = try parseAuthenticationRequest(query: body, options: requestOptions(v), now: now)
    }
    try checkEq(errorResponseFor(kind: k, param: "request").error, "invalid_request_object", "OAuth code")
    _ = try expectRejection("nbf required", "missing_claim", "request") {
        _ = try authnRequest(v, body, requestOptions(v, required: [.exp, .nbf]))
    }
    try checkEq(try authnRequest(v, body, requestOptions(v, required: [.exp])).state, "inner-state", "exp required")
    _ = try expectRejection("other audience", "audience_mismatch", "request") {
        _ = try authnRequest(v, body, requestOptions(v, audience: .some("https://other.example")))
    }
    try checkEq(try authnRequest(v, body, requestOptions(v, audience: .some(nil))).clientId, "client-1", "aud unchecked")
    _ = try expectRejection("expired", "expired", "request") { _ = try authnRequest(v, body, now: now + 400) }
    // As JSON, or with a leading "?": the same request.
    var form: [String: String] = [:]
    for part in body.split(separator: "&") {
        let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
        form[kv[0]] = kv[1].removingPercentEncoding!
    }
    try checkEq(try authnRequest(v, try jsonText(form), requestOptions(v, json: true)),
                try authnRequest(v, "?" + body), "JSON request")
    _ = try expectRejection("empty", "missing_parameter", "response_type") { _ = try authnRequest(v, "") }
    // Without request or hint: the outer request.
    let plain = try parseAuthenticationRequest(
        query: "response_type=code&client_id=c&scope=openid&redirect_uri=x",
        options: AuthenticationRequestOptions(issuer: "https://op"), now: 0)
    try checkEq(plain.verifiedRequest == nil && plain.verifiedIdTokenHint == nil, true, "no tokens")
    try checkEq(try canonical(try loadJson(plain.params)),
                try canonical(["response_type": "code", "client_id": "c", "scope": "openid", "redirect_uri": "x"]),
                "params")
    return "keys, audience, required claims, leeway, JSON"
}

let tests: [(String, () throws -> String)] = [
    ("corpus", corpus),
    ("attack_corpus", attackCorpus),
    ("oversized_attacks", oversizedAttacks),
    ("error_mapping", errorMapping),
    ("client_assertions", clientAssertions),
    ("bad_input", badInput),
    ("oauth_surface", oauthSurface),
    ("request_object_vectors", requestObjectVectors),
    ("request_object_policy", requestObjectPolicy),
]
var passed = 0
var failed = 0
for (name, test) in tests {
    do {
        print("PASS \(name) (\(try test()))")
        passed += 1
    } catch {
        print("FAIL \(name): \(error)")
        failed += 1
    }
}
print("swift: \(passed) passed, \(failed) failed")
exit(failed == 0 ? 0 : 1)
