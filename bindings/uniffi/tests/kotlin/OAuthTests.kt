// Kotlin tests of the OAuth/OIDC surface: PKCE, response parsing, error responses, ID tokens.
package org.oxidc.test

import org.oxidc.*
import java.io.File
import java.security.MessageDigest
import java.security.SecureRandom

/// idpyoidc's exception (name, detail) as the core's error kind (as the core's own
/// messages_vectors test maps them).
fun idpyoidcKind(name: String, detail: String): String = when {
    name == "MissingRequiredAttribute" -> "missing_parameter"
    name == "TooManyValues" -> "duplicate_parameter"
    name == "NotAllowedValue" -> "parameter_not_allowed_value"
    name == "FormatError" -> "format_error"
    name == "JSONDecodeError" -> "invalid_json"
    name == "ValueError" && detail.contains("wrong type of value for") -> "wrong_parameter_type"
    name == "ValueError" && detail == "Characters outside allowed set" -> "invalid_error_description"
    name == "ValueError" && detail == "id_token not a signed JWT" -> "malformed_token"
    else -> throw Failure("unmapped idpyoidc error $name: $detail")
}

val OVERRIDES: Map<String, Any?> by lazy { Json.parse(File(VECTORS, "messages/overrides.json").readText()).obj() }

/// The expected outcome of a message vector for oxidc: (ok, params or error kind).
fun messageExpectation(vec: Vector): Pair<Boolean, Any?> {
    val o = OVERRIDES[vec.file.name]?.obj()?.get("oxidc_expected")?.obj()
    if (o != null) return if (o["ok"] == true) true to o["params"] else false to o["error"]
    val e = vec.v["expected"].obj()
    return if (e["ok"] == true) true to e["params"] else false to idpyoidcKind(e["error"] as String, e["detail"] as String)
}

fun scopeText(v: Any?): List<String> = when (v) {
    null -> listOf()
    is String -> v.split(' ').filter { it.isNotEmpty() }
    is List<*> -> v.map { it as String }
    else -> throw Failure("scope $v")
}

fun messageCorpus(): String {
    var checked = 0
    for (vec in vectors("messages")) {
        val cls = vec.v["message"] as String? ?: continue
        val body = vec.v["body"] as String
        val parse: () -> Any = when (cls) {
            "oauth2.AuthorizationResponse" -> { { parseAuthorizationResponse(body) } }
            "oauth2.AccessTokenResponse", "oidc.AccessTokenResponse", "oauth2.TokenErrorResponse" ->
                { { parseTokenResponse(body) } }
            else -> continue
        }
        val (ok, want) = messageExpectation(vec)
        if (!ok) {
            val e = expectThrows<MessageException>("${vec.name}: want $want") { parse() }
            checkEq(kindOf(e), want, "${vec.name} (${e.message})")
            checked++
            continue
        }
        val p = want.obj()
        when (val r = parse()) {
            is AuthorizationResult.Success -> {
                checkEq(r.response.code, p["code"], "${vec.name} code")
                checkEq(r.response.state, p["state"], "${vec.name} state")
                checkEq(r.response.iss, p["iss"], "${vec.name} iss")
            }
            is TokenResult.Success -> {
                checkEq(r.response.accessToken, p["access_token"], "${vec.name} access_token")
                checkEq(r.response.tokenType, p["token_type"], "${vec.name} token_type")
                checkEq(r.response.expiresIn, p["expires_in"], "${vec.name} expires_in")
                checkEq(r.response.refreshToken, p["refresh_token"], "${vec.name} refresh_token")
                checkEq(r.response.scope, scopeText(p["scope"]), "${vec.name} scope")
            }
            is TokenResult.Failure -> {
                checkEq(r.error.error, p["error"], "${vec.name} error")
                checkEq(r.error.errorDescription, p["error_description"], "${vec.name} error_description")
            }
            else -> throw Failure("${vec.name}: unexpected $r")
        }
        checked++
    }
    check(checked >= 10) { "only $checked message vectors" }
    return "$checked response vectors"
}

fun responses(): String {
    // Code flow: code required, RFC 9207 issuer compared when given.
    val q = "code=abc&state=xyz&iss=https%3A%2F%2Fop.example.com"
    val ok = parseAuthorizationResponse(q, issuer = "https://op.example.com") as AuthorizationResult.Success
    checkEq(ok.response.code, "abc", "code")
    expectThrows<MessageException.IssuerMismatch>("mix-up (RFC 9207)") {
        parseAuthorizationResponse(q, issuer = "https://evil.example.com")
    }
    val e = expectThrows<MessageException.MissingParameter>("no code") { parseAuthorizationResponse("state=xyz") }
    check(e.message!!.endsWith("(parameter `code`)")) { "message names the parameter: ${e.message}" }
    val denied = parseAuthorizationResponse("error=access_denied&error_description=User+said+no&state=xyz")
        as AuthorizationResult.Failure
    checkEq(denied.error, ErrorResponse("access_denied", "User said no", null, "xyz"), "error response")
    expectThrows<MessageException.ParameterNotAllowedValue>("unknown authorization error code") {
        parseAuthorizationResponse("error=no_such_code")
    }
    expectThrows<MessageException.InvalidPercentEncoding>("bad escape") { parseAuthorizationResponse("code=%zz") }
    // Implicit / hybrid (OIDC): code optional, tokens in the fragment.
    val frag = "access_token=AT&token_type=Bearer&expires_in=3600&id_token=eyJhbGciOiJIUzI1NiJ9.e30.c2ln&state=s"
    val hybrid = (parseAuthenticationResponse(frag) as AuthorizationResult.Success).response
    checkEq(hybrid.accessToken, "AT", "access_token")
    checkEq(hybrid.expiresIn, 3600L, "expires_in")
    checkEq(hybrid.code, null, "no code")
    // Token endpoint.
    val tokens = parseTokenResponse("""{"access_token":"AT","token_type":"Bearer","scope":"openid email","expires_in":60}""")
        as TokenResult.Success
    checkEq(tokens.response.scope, listOf("openid", "email"), "scope")
    val failure = parseTokenResponse("""{"error":"invalid_grant"}""") as TokenResult.Failure
    checkEq(failure.error.error, "invalid_grant", "token error")
    expectThrows<MessageException.DuplicateMember>("duplicate member") { parseTokenResponse("""{"a":1,"a":2}""") }
    expectThrows<MessageException.InvalidJson>("not JSON") { parseTokenResponse("{") }
    // Error responses written the core's way.
    checkEq(errorResponseFor("pkce_mismatch"), ErrorResponse("invalid_grant", "PKCE check failed", null, null), "pkce_mismatch")
    checkEq(errorResponseFor("unknown_client").error, "invalid_client", "unknown_client")
    checkEq(errorResponseFor("no_such_kind").error, "invalid_request", "unknown kind")
    checkEq(errorResponseJson(ErrorResponse("invalid_grant", "PKCE check failed")),
        """{"error": "invalid_grant", "error_description": "PKCE check failed"}""", "JSON body")
    // The client_authn corpus's error-response case.
    for (vec in vectors("client_authn").filter { it.v["case"] == "error_response" }) {
        val input = vec.v["input"].obj()
        val want = vec.v["oxidc_expected"].obj()
        val resp = ErrorResponse(input["error"] as String, input["error_description"] as String?)
        if (want["ok"] == true) {
            checkEq(errorResponseJson(resp), want["json"], vec.name)
        } else {
            val ex = expectThrows<MessageException>(vec.name) { errorResponseJson(resp) }
            checkEq(kindOf(ex), want["error"], vec.name)
        }
    }
    // Garbage never escapes as anything but a MessageException.
    val rnd = java.util.Random(11)
    repeat(2000) {
        val s = String(CharArray(rnd.nextInt(60)) { "=&%+ab{}[]\":,0x\u00e9".random(kotlin.random.Random(rnd.nextLong())) })
        try { parseAuthorizationResponse(s) } catch (e: MessageException) {}
        try { parseAuthenticationResponse(s) } catch (e: MessageException) {}
        try { parseTokenResponse(s) } catch (e: MessageException) {}
    }
    return "ok"
}

// ---------------------------------------------------------------- PKCE

fun pkceTests(): String {
    // RFC 7636 Appendix B.
    checkEq(pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "S256")
    val random = ByteArray(32).also { SecureRandom().nextBytes(it) }
    val p = pkceGenerate(random)
    checkEq(p.verifier, b64u(random), "verifier = base64url(random)")
    checkEq(p.verifier.length, 43, "verifier length")
    checkEq(pkceMethodName(p.method), "S256", "method")
    // The JDK computes the same challenge.
    checkEq(p.challenge, b64u(MessageDigest.getInstance("SHA-256").digest(p.verifier.toByteArray())), "JDK S256")
    pkceVerify(p.verifier, p.challenge, p.method)
    expectThrows<PkceException.PkceMismatch>("other verifier") {
        pkceVerify(pkceVerifier(ByteArray(32)), p.challenge, PkceMethod.S256)
    }
    expectThrows<PkceException.PkceMissingVerifier>("no verifier") { pkceVerify(null, p.challenge, PkceMethod.S256) }
    expectThrows<PkceException.PkceVerifierInvalid>("31 random bytes") { pkceVerifier(ByteArray(31)) }
    expectThrows<PkceException.PkceVerifierInvalid>("97 random bytes") { pkceVerifier(ByteArray(97)) }
    checkEq(pkceVerifier(ByteArray(96)).length, 128, "96 bytes")
    expectThrows<PkceException.PkceVerifierInvalid>("challenge of a bad verifier") { pkceChallenge("short") }
    checkEq(pkceChallenge(p.verifier, PkceMethod.PLAIN), p.verifier, "plain")
    checkEq(pkceChallenge(p.verifier, PkceMethod.S512).length, 86, "S512")
    // The client_authn corpus's PKCE verification cases.
    var n = 0
    for (vec in vectors("client_authn").filter { it.v["case"] == "pkce_verify" }) {
        val input = vec.v["input"].obj()
        val want = vec.v["oxidc_expected"].obj()
        val method = PkceMethod.values().first { pkceMethodName(it) == input["method"] }
        val run = { pkceVerify(input["verifier"] as String?, input["challenge"] as String, method) }
        if (want["ok"] == true) run() else checkEq(kindOf(expectThrows<PkceException>(vec.name) { run() }), want["error"], vec.name)
        n++
    }
    check(n >= 2) { "only $n PKCE vectors" }
    return "RFC 7636 B, JDK SHA-256, $n corpus cases"
}

// ---------------------------------------------------------------- ID tokens

fun leftHash(value: String): String =
    b64u(MessageDigest.getInstance("SHA-256").digest(value.toByteArray()).copyOfRange(0, 16))

fun idTokens(): String {
    // A cryptojwt-made ES256 ID token from the corpus.
    val v = vector("015-es256-id-valid.json")
    val claims = v["expected"].obj()["claims"].obj()
    val keys = KeySet.fromJwks(Json.write(v["jwks"]))
    val verifier = IdTokenVerifier(claims["iss"] as String, claims["aud"].list()[0] as String, leewaySecs = 15u)
    val now = v["now"] as Long
    val token = v["token"] as String
    val id = verifier.verify(token, keys, now, nonce = claims["nonce"] as String)
    checkEq(id.claims.sub, claims["sub"], "sub")
    checkEq(id.claims.nonce, claims["nonce"], "nonce")
    checkEq(id.claims.authTime, claims["auth_time"], "auth_time")
    checkEq(id.claims.atHash, claims["at_hash"], "at_hash")
    checkEq(id.header.alg, Algorithm.ES256, "alg")
    expectThrows<VerifyException.NonceMismatch>("other nonce") { verifier.verify(token, keys, now, nonce = "other") }
    expectThrows<VerifyException.AudienceMismatch>("other client") {
        IdTokenVerifier(claims["iss"] as String, "other-client").verify(token, keys, now)
    }
    expectThrows<VerifyException.IssuerMismatch>("other issuer") {
        IdTokenVerifier("https://other.example", claims["aud"].list()[0] as String).verify(token, keys, now)
    }
    for (pos in flipPositions(token)) {
        expectThrows<VerifyException>("flipped $pos") { verifier.verify(flip(token, pos), keys, now) }
    }
    // Hybrid flow: at_hash and c_hash, computed here with the JDK.
    val secret = "an-op-hmac-key-of-32-characters!"
    val op = SigningKey.fromClientSecret(secret.toByteArray(), Algorithm.HS256)
    val t0 = 1_800_000_000L
    val hybrid = op.mint(Json.write(mapOf(
        "iss" to "https://op.example.com", "sub" to "u1", "aud" to "c1", "exp" to t0 + 300, "iat" to t0,
        "nonce" to "n-0", "at_hash" to leftHash("AT"), "c_hash" to leftHash("CODE"), "amr" to listOf("pwd", "otp"),
    )))
    val hv = IdTokenVerifier("https://op.example.com", "c1")
    val sk = KeySet.fromClientSecret(secret.toByteArray(), Algorithm.HS256)
    val h = hv.verify(hybrid, sk, t0 + 1, nonce = "n-0", accessToken = "AT", code = "CODE")
    checkEq(h.claims.amr, listOf("pwd", "otp"), "amr")
    checkEq(h.claims.aud, listOf("c1"), "aud")
    expectThrows<VerifyException.AtHashMismatch>("at_hash") { hv.verify(hybrid, sk, t0 + 1, accessToken = "AT2") }
    expectThrows<VerifyException.CHashMismatch>("c_hash") { hv.verify(hybrid, sk, t0 + 1, code = "CODE2") }
    expectThrows<VerifyException.Expired>("expired") { hv.verify(hybrid, sk, t0 + 300) }
    // The client_authn corpus's ID-token cases (claims relative to now, HS256 with the OP key).
    var n = 0
    for (vec in vectors("client_authn").filter { it.v["case"] == "id_token" }) {
        val input = vec.v["input"].obj()
        val expect = input["expect"].obj()
        val key = (input["key"] as String).toByteArray()
        val rel = input["claims_relative_to_now"].obj()
        val tokenClaims = LinkedHashMap<String, Any?>()
        for ((k, x) in rel) {
            tokenClaims[k] = if (k in setOf("exp", "iat", "auth_time", "nbf")) t0 + (x as Long) else x
        }
        val minted = SigningKey.fromClientSecret(key, Algorithm.valueOf(input["alg"] as String)).mint(Json.write(tokenClaims))
        val run = {
            IdTokenVerifier(expect["issuer"] as String, expect["client_id"] as String).verify(
                minted, KeySet.fromClientSecret(key, Algorithm.valueOf(input["alg"] as String)), t0,
                nonce = expect["nonce"] as String?, maxAgeSecs = expect["max_age"] as Long?,
            )
        }
        val want = vec.v["oxidc_expected"].obj()
        if (want["ok"] == true) run() else checkEq(kindOf(expectThrows<VerifyException>(vec.name) { run() }), want["error"], vec.name)
        n++
    }
    check(n >= 3) { "only $n ID-token vectors" }
    return "cryptojwt ES256, hybrid hashes, $n corpus cases"
}

fun oauthErrorFamilies(): String {
    val kinds = errorKinds()
    for ((family, raise) in listOf<Pair<String, (String) -> Unit>>(
        "PkceException" to { k -> throwPkceError(k) },
        "MessageException" to { k -> throwMessageError(k, "code") },
    )) {
        val classes = HashSet<String>()
        for (kind in kinds) {
            val e = expectThrows<Exception>("$family $kind") { raise(kind) }
            checkEq(e::class.java.enclosingClass?.simpleName, family, "family")
            checkEq(variantKind(e), kind, "variant")
            checkEq(kindOf(e), kind, "message")
            classes.add(e::class.java.name)
        }
        checkEq(classes.size, kinds.size, "$family distinct")
    }
    return "${kinds.size} kinds x 2 families"
}

val EXTRA_TESTS: List<Pair<String, () -> String>> = listOf(
    "message_corpus" to ::messageCorpus,
    "responses" to ::responses,
    "pkce" to ::pkceTests,
    "id_tokens" to ::idTokens,
    "oauth_error_families" to ::oauthErrorFamilies,
)
