// Kotlin tests of the OP's side of authentication requests: request objects (client keys) and
// id_token_hint (OP keys) through parseAuthenticationRequest, over
// tests/vectors/messages/request-object (made by gen_request_object.py, checked by idpyoidc).
package org.oxidc.test

import org.oxidc.*

/// Kinds that are the request parameter's own typing, answered with their own OAuth code.
val OWN_TYPING = setOf("duplicate_parameter", "wrong_parameter_type", "parameter_too_long")

/// The parameter a MessageException names: its message ends in "(parameter `x`)".
fun paramOf(e: Throwable): String? = Regex(" \\(parameter `([^`]*)`\\)$").find(e.message ?: "")?.groupValues?.get(1)

/// `body` with one signature character of the JWT in parameter `name` changed (as
/// tests/conformance/tests/request_object_vectors.rs does); null without one.
fun tamper(body: String, name: String): String? {
    var pos = 0
    for (part in body.split("&")) {
        if (part.startsWith("$name=")) {
            val start = pos + name.length + 1
            val value = body.substring(start, pos + part.length)
            if (!value.contains('.')) return null
            val at = start + value.lastIndexOf('.') + 1 + 2
            return body.substring(0, at) + (if (body[at] == 'A') 'B' else 'A') + body.substring(at + 1)
        }
        pos += part.length + 1
    }
    return null
}

fun requestOptions(v: Map<String, Any?>, audience: String? = v["op_issuer"] as String,
                   required: List<RegisteredClaim> = listOf(), json: Boolean = false) =
    AuthenticationRequestOptions(
        issuer = v["op_issuer"] as String, audience = audience, leewaySecs = (v["leeway"] as Long).toUInt(),
        required = required, hintClientId = v["hint_client_id"] as String?, json = json,
    )

fun authnRequest(v: Map<String, Any?>, body: String, options: AuthenticationRequestOptions = requestOptions(v),
                 now: Long = v["now"] as Long): AuthenticationRequest =
    parseAuthenticationRequest(body, options, now,
        clientKeys = KeySet.fromJwks(Json.write(v["client_jwks"])), opKeys = KeySet.fromJwks(Json.write(v["op_jwks"])))

fun expectRejection(what: String, kind: String?, param: String?, run: () -> Unit): MessageException {
    val e = expectThrows<MessageException>(what) { run() }
    if (kind != null) {
        checkEq(kindOf(e), kind, "$what kind (${e.message})")
        checkEq(variantKind(e), kind, "$what class")
    }
    checkEq(paramOf(e), param, "$what parameter (${e.message})")
    val k = kindOf(e)
    val code = errorResponseFor(k, param).error
    val want = when {
        param == "request" && k !in OWN_TYPING -> "invalid_request_object"
        param == "id_token_hint" && k !in OWN_TYPING -> "invalid_request"
        else -> errorResponseFor(k).error
    }
    checkEq(code, want, "$what OAuth code")
    return e
}

fun requestObjectVectors(): String {
    var positive = 0; var negative = 0; var merged = 0; var tampered = 0
    for (vec in vectors("messages/request-object")) {
        val v = vec.v
        val body = v["body"] as String
        val want = v["expected"].obj()
        if (want["ok"] != true) {
            expectRejection(vec.name, want["error"] as String, want["param"] as String?) { authnRequest(v, body) }
            negative++
            continue
        }
        val r = authnRequest(v, body)
        val params = Json.parse(r.params).obj()
        checkEq(r.verifiedIdTokenHint?.claims?.sub, want["id_token_hint_sub"], "${vec.name} hint sub")
        r.verifiedIdTokenHint?.let {
            checkEq(it.claims.iss, v["op_issuer"], "${vec.name} hint iss")
            checkEq(params["id_token_hint"], r.idTokenHint, "${vec.name} hint")
        }
        if (body.contains("request=")) {
            val ro = r.verifiedRequest ?: throw Failure("${vec.name}: no verified request object")
            val claims = Json.parse(ro.claims.json).obj()
            checkEq(ro.claims.iss, "client-1", "${vec.name} iss")
            checkEq(claims["client_id"], "client-1", "${vec.name} inner client_id")
            // The effective request is exactly the object's parameters (idpyoidc's merge).
            checkEq(params.keys, claims.keys, "${vec.name} effective = object")
        } else {
            checkEq(r.verifiedRequest, null, "${vec.name} no request object")
        }
        checkEq(r.clientId, params["client_id"], "${vec.name} client_id")
        checkEq(r.scope, (params["scope"] as String).split(" "), "${vec.name} scope")
        checkEq(r.responseType, (params["response_type"] as String).split(" "), "${vec.name} response_type")
        checkEq(r.redirectUri, params["redirect_uri"], "${vec.name} redirect_uri")
        checkEq(r.state, params["state"], "${vec.name} state")
        checkEq(r.nonce, params["nonce"], "${vec.name} nonce")
        checkEq(r.maxAge, params["max_age"], "${vec.name} max_age")
        checkEq(r.claims?.let { Json.parse(it) }, params["claims"], "${vec.name} claims")
        if (!v.containsKey("divergence")) {
            checkEq(params, v["idpyoidc"].obj()["merged"], "${vec.name} idpyoidc's merged request")
            merged++
        }
        var t = 0
        for (p in listOf("request", "id_token_hint")) {
            val bad = tamper(body, p) ?: continue
            val e = expectRejection("${vec.name} tampered $p", null, p) { authnRequest(v, bad) }
            check(kindOf(e) in setOf("bad_signature", "invalid_base64")) { "${vec.name} tampered $p: ${e.message}" }
            t++
        }
        check(t >= 1) { "${vec.name}: nothing to tamper" }
        tampered += t
        positive++
    }
    checkEq(positive + negative, 38, "request-object vectors")
    return "$positive accepted ($merged equal to idpyoidc's merge, $tampered tampered signatures rejected), $negative rejected"
}

fun requestObjectPolicy(): String {
    val v = vectors("messages/request-object").first { it.file.name.endsWith("ro-es256-ok.json") }.v
    val body = v["body"] as String
    val now = v["now"] as Long
    // No client keys: the object cannot verify.
    val e = expectThrows<MessageException.UnknownKey>("no client keys") {
        parseAuthenticationRequest(body, requestOptions(v), now)
    }
    checkEq(paramOf(e), "request", "parameter")
    checkEq(errorResponseFor("unknown_key", "request").error, "invalid_request_object", "OAuth code")
    expectThrows<MessageException.MissingClaim>("nbf required") {
        authnRequest(v, body, requestOptions(v, required = listOf(RegisteredClaim.EXP, RegisteredClaim.NBF)))
    }
    checkEq(authnRequest(v, body, requestOptions(v, required = listOf(RegisteredClaim.EXP))).state, "inner-state", "exp required")
    expectThrows<MessageException.AudienceMismatch>("other audience") {
        authnRequest(v, body, requestOptions(v, audience = "https://other.example"))
    }
    checkEq(authnRequest(v, body, requestOptions(v, audience = null)).clientId, "client-1", "aud unchecked")
    expectThrows<MessageException.Expired>("expired") { authnRequest(v, body, now = now + 400) }
    // As JSON, or with a leading "?": the same request.
    val form = body.split("&").associate {
        val (k, x) = it.split("=", limit = 2)
        k to java.net.URLDecoder.decode(x, "UTF-8")
    }
    checkEq(authnRequest(v, Json.write(form), requestOptions(v, json = true)), authnRequest(v, "?$body"), "JSON request")
    expectThrows<MessageException.MissingParameter>("empty") { authnRequest(v, "") }
    // Without request or hint: the outer request.
    val plain = parseAuthenticationRequest("response_type=code&client_id=c&scope=openid&redirect_uri=x",
        AuthenticationRequestOptions(issuer = "https://op"), 0L)
    checkEq(plain.verifiedRequest, null, "no request object")
    checkEq(plain.verifiedIdTokenHint, null, "no hint")
    checkEq(Json.parse(plain.params),
        mapOf("response_type" to "code", "client_id" to "c", "scope" to "openid", "redirect_uri" to "x"), "params")
    return "keys, audience, required claims, leeway, JSON"
}

val REQUEST_OBJECT_TESTS: List<Pair<String, () -> String>> = listOf(
    "request_object_vectors" to ::requestObjectVectors,
    "request_object_policy" to ::requestObjectPolicy,
)
