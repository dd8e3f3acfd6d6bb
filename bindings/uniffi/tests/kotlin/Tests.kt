// Kotlin tests of the oxidc uniffi bindings, run on the JVM against the debug library:
//   java -Djna.library.path=target/debug -cp <classes>:jna.jar org.oxidc.test.TestsKt <tests/vectors>
// A tiny runner (no JUnit, no Gradle): every test is a named lambda; the last line is
// "kotlin: N passed, M failed".
package org.oxidc.test

import org.oxidc.*
import java.io.File
import java.math.BigInteger
import java.security.AlgorithmParameters
import java.security.KeyFactory
import java.security.SecureRandom
import java.security.Signature
import java.security.interfaces.ECPublicKey
import java.security.spec.ECGenParameterSpec
import java.security.spec.ECParameterSpec
import java.security.spec.ECPoint
import java.security.spec.ECPublicKeySpec
import java.util.Base64
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec

class Failure(msg: String) : Exception(msg)

fun check(cond: Boolean, msg: () -> String) {
    if (!cond) throw Failure(msg())
}

fun <T> checkEq(got: T, want: T, what: String) = check(got == want) { "$what: got $got, want $want" }

inline fun <reified E : Throwable> expectThrows(what: String, block: () -> Unit): E {
    try {
        block()
    } catch (e: Throwable) {
        if (e is E) return e
        throw Failure("$what: threw ${e::class.qualifiedName}: ${e.message}, want ${E::class.simpleName}")
    }
    throw Failure("$what: no exception, want ${E::class.simpleName}")
}

/// The stable core name of an exception from this library: its message starts with it.
fun kindOf(e: Throwable): String = (e.message ?: "").substringBefore(':')

/// `BadSignature` -> `bad_signature`
fun snake(name: String): String =
    name.replace(Regex("([a-z0-9])([A-Z])"), "$1_$2").replace(Regex("([A-Z])([A-Z][a-z])"), "$1_$2").lowercase()

/// The core kind a Kotlin exception class stands for. uniffi's Kotlin generator renames a
/// variant ending in `Error` to `…Exception` (`FormatError` -> `MessageException.FormatException`).
fun variantKind(e: Throwable): String = snake(e::class.java.simpleName.replace(Regex("Exception$"), "Error"))

/// The vector corpus's error categories (tests/vectors/jws/README.md), as in the core's test.
fun category(kind: String): String = when (kind) {
    "invalid_base64", "invalid_utf8", "invalid_json", "duplicate_member", "not_an_object",
    "malformed_token", "missing_algorithm", "invalid_header" -> "malformed"
    "token_too_large", "header_too_large", "json_too_deep", "too_many_members", "value_too_long",
    "too_many_keys" -> "too_large"
    "algorithm_none", "unsupported_algorithm", "algorithm_mismatch" -> "unsupported_algorithm"
    "unsupported_critical", "unencoded_payload" -> "unsupported_header"
    else -> kind
}

class Vector(val dir: String, val file: File) {
    val v: Map<String, Any?> = Json.parse(file.readText()).obj()
    val name get() = "$dir/${file.name}"
}

lateinit var VECTORS: File

fun vectors(vararg dirs: String): List<Vector> = dirs.flatMap { d ->
    (File(VECTORS, d).listFiles() ?: arrayOf()).filter { it.name.endsWith(".json") }.sortedBy { it.name }
        .map { Vector(d, it) }
}

fun validatorFor(policy: Map<String, Any?>): Validator = Validator(
    issuers = listOfNotNull(policy["issuer"] as String?),
    audiences = listOfNotNull(policy["audience"] as String?),
    leewaySecs = ((policy["leeway"] as Long?) ?: 15L).toUInt(),
)

fun flip(token: String, pos: Int): String {
    val c = CharArray(token.length) { token[it] }
    c[pos] = if (c[pos] == 'A') 'B' else 'A'
    return String(c)
}

fun flipPositions(token: String): List<Int> {
    val d1 = token.indexOf('.')
    val d2 = token.lastIndexOf('.')
    return listOf(d1 / 2, (d1 + d2) / 2, (d2 + token.length) / 2)
}

// ---------------------------------------------------------------- the corpus

fun jwsCorpus(): String {
    var checked = 0
    var reminted = 0
    var identical = 0
    for (vec in vectors("jws", "rfc")) {
        val v = vec.v
        when (v["kind"]) {
            "thumbprint" -> {
                for (k in v["keys"].list()) {
                    val jwk = Jwk.fromJson(Json.write(k.obj()["jwk"]))
                    checkEq(jwk.thumbprint(), k.obj()["rfc7638"], vec.name)
                    k.obj()["legacy"]?.let { checkEq(jwk.thumbprint(KidForm.CRYPTOJWT_LEGACY), it, vec.name) }
                }
                checked++
                continue
            }
            "jws" -> {
                val keys = KeySet.fromJwks(Json.write(v["jwks"]))
                val jws = verifyJws(v["token"] as String, keys)
                val exp = v["expected"].obj()
                checkEq(Json.parse(jws.header.json), exp["header"], vec.name)
                checkEq(String(jws.payload, Charsets.UTF_8), exp["payload_text"], vec.name)
                checked++
                continue
            }
        }
        val token = v["token"] as String
        val now = v["now"] as Long
        val policy = v["policy"].obj()
        val expected = v["expected"].obj()
        val jwks = Json.write(v["jwks"])
        val validator = validatorFor(policy)
        if (expected["valid"] == true) {
            val keys = KeySet.fromJwks(jwks)
            val jwt = validator.verify(token, keys, now)
            checkEq(Json.parse(jwt.header.json), expected["header"], "${vec.name} header")
            checkEq(Json.parse(jwt.claims.json), expected["claims"], "${vec.name} claims")
            val claims = expected["claims"].obj()
            checkEq(jwt.claims.iss, claims["iss"], "${vec.name} iss")
            checkEq(jwt.claims.exp, claims["exp"], "${vec.name} exp")
            checkEq(jwt.header.alg.name, expected["header"].obj()["alg"], "${vec.name} alg")
            // One byte flipped in each part: must fail with a mapped exception.
            for (pos in flipPositions(token)) {
                expectThrows<VerifyException>("${vec.name} flipped at $pos") {
                    validator.verify(flip(token, pos), keys, now)
                }
            }
            val signingJwk = v["signing_jwk"]
            val alg = v["alg"] as String?
            if (signingJwk != null && alg != null) {
                val headerKid = expected["header"].obj()["kid"] as String?
                val key = SigningKey.fromJwk(Json.write(signingJwk), Algorithm.valueOf(alg), headerKid)
                val minted = key.mint(jwt.claims.json)
                val again = validator.verify(minted, keys, now)
                checkEq(Json.parse(again.claims.json), expected["claims"], "${vec.name} re-minted")
                val compactHeader = !jwt.header.json.contains(' ')
                val sameKid = headerKid == null || signingJwk.obj()["kid"] == headerKid
                if (alg.startsWith("HS") && compactHeader && sameKid && headerKid == key.kid()) {
                    checkEq(minted, token, "${vec.name} re-minted HMAC token")
                    identical++
                }
                reminted++
            }
        } else {
            val want = expected["error"] as String
            try {
                val keys = KeySet.fromJwks(jwks)
                validator.verify(token, keys, now)
                throw Failure("${vec.name}: accepted, want $want")
            } catch (e: VerifyException) {
                checkEq(category(kindOf(e)), want, "${vec.name} (${e.message})")
            } catch (e: KeyParseException) {
                checkEq(category(kindOf(e)), want, "${vec.name} (${e.message})")
            }
        }
        checked++
    }
    check(checked >= 70) { "only $checked vectors" }
    check(reminted >= 12) { "only $reminted re-minted" }
    check(identical >= 6) { "only $identical HMAC tokens re-minted byte for byte" }
    return "$checked vectors, $reminted re-minted ($identical HMAC byte-identical)"
}

// ---------------------------------------------------------------- errors

fun errorMapping(): String {
    val kinds = errorKinds()
    check(kinds.size >= 47) { "only ${kinds.size} kinds" }
    data class Family(val name: String, val raise: (String) -> Unit)
    val families = listOf(
        Family("KeyParseException") { throwKeyParseError(it) },
        Family("VerifyException") { throwVerifyError(it) },
        Family("MintException") { throwMintError(it) },
    )
    for (f in families) {
        val classes = HashSet<String>()
        for (kind in kinds) {
            val e = expectThrows<Exception>("${f.name} $kind") { f.raise(kind) }
            val cls = e::class.java
            checkEq(cls.enclosingClass?.simpleName, f.name, "family of $kind")
            checkEq(variantKind(e), kind, "${f.name} variant for $kind")
            checkEq(kindOf(e), kind, "message of $kind")
            classes.add(cls.name)
        }
        checkEq(classes.size, kinds.size, "${f.name}: distinct exception classes")
        f.raise("no_such_error_kind") // unknown names return normally
    }
    return "${kinds.size} kinds x ${families.size} families"
}

// ---------------------------------------------------------------- minting

fun b64u(bytes: ByteArray): String = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)
fun unb64u(text: String): ByteArray = Base64.getUrlDecoder().decode(text)

fun vector(name: String): Map<String, Any?> = vectors("jws").first { it.file.name == name }.v

fun randomJti(rng: SecureRandom): String = ByteArray(16).also { rng.nextBytes(it) }.let(::b64u)

/// The JDK's own ECDSA verifier over a compact ES256 JWS (raw r||s converted to DER).
fun jdkEcPublicKey(jwk: Map<String, Any?>): ECPublicKey {
    val params = AlgorithmParameters.getInstance("EC")
    params.init(ECGenParameterSpec("secp256r1"))
    val spec = params.getParameterSpec(ECParameterSpec::class.java)
    val point = ECPoint(BigInteger(1, unb64u(jwk["x"] as String)), BigInteger(1, unb64u(jwk["y"] as String)))
    return KeyFactory.getInstance("EC").generatePublic(ECPublicKeySpec(point, spec)) as ECPublicKey
}

fun derSignature(raw: ByteArray): ByteArray {
    fun int(b: ByteArray): ByteArray {
        var i = 0
        while (i < b.size - 1 && b[i] == 0.toByte()) i++
        val v = b.copyOfRange(i, b.size)
        return if (v[0] < 0) byteArrayOf(0) + v else v
    }
    val r = int(raw.copyOfRange(0, 32))
    val s = int(raw.copyOfRange(32, 64))
    val body = byteArrayOf(2, r.size.toByte()) + r + byteArrayOf(2, s.size.toByte()) + s
    return byteArrayOf(0x30, body.size.toByte()) + body
}

fun jdkVerifyEs256(token: String, key: ECPublicKey): Boolean {
    val dot = token.lastIndexOf('.')
    val sig = Signature.getInstance("SHA256withECDSA")
    sig.initVerify(key)
    sig.update(token.substring(0, dot).toByteArray(Charsets.US_ASCII))
    return sig.verify(derSignature(unb64u(token.substring(dot + 1))))
}

const val TOKEN_ENDPOINT = "https://op.example.com/token"

fun clientAssertionEs256(): String {
    val v = vector("013-es256-access-valid.json")
    val key = SigningKey.fromJwk(Json.write(v["signing_jwk"]))
    checkEq(key.algorithm(), Algorithm.ES256, "algorithm")
    val rng = SecureRandom()
    val jti = randomJti(rng)
    val now = 1_700_000_000L
    val assertion = key.clientAssertion("client-1", TOKEN_ENDPOINT, jti, now, 120u)
    val keys = KeySet.fromJwks(Json.write(v["jwks"]))
    val validator = Validator(
        issuers = listOf("client-1"),
        audiences = listOf(TOKEN_ENDPOINT),
        leewaySecs = 0u,
        required = RegisteredClaim.values().filter { it != RegisteredClaim.NBF },
    )
    val jwt = validator.verify(assertion, keys, now + 10)
    checkEq(jwt.claims.sub, "client-1", "sub")
    checkEq(jwt.claims.aud, listOf(TOKEN_ENDPOINT), "aud")
    checkEq(jwt.claims.jti, jti, "jti")
    checkEq(jwt.claims.iat, now, "iat")
    checkEq(jwt.claims.exp, now + 120, "exp")
    checkEq(jwt.header.kid, key.kid(), "kid")
    // The JDK agrees with the signature, and not with a flipped one.
    val pub = jdkEcPublicKey(v["jwks"].obj()["keys"].list()[0].obj())
    check(jdkVerifyEs256(assertion, pub)) { "JDK rejects the ES256 assertion" }
    check(!jdkVerifyEs256(flip(assertion, flipPositions(assertion)[1]), pub)) { "JDK accepts a flipped assertion" }
    // Expired exactly at exp (leeway 0).
    expectThrows<VerifyException.Expired>("expired assertion") { validator.verify(assertion, keys, now + 120) }
    expectThrows<VerifyException.AudienceMismatch>("other audience") {
        Validator(audiences = listOf("https://other.example/token")).verify(assertion, keys, now)
    }
    // Two assertions never share a jti when the platform supplies randomness.
    check(randomJti(rng) != jti) { "jti repeated" }
    return "ES256 assertion verified by oxidc and java.security"
}

fun clientAssertionHs256(): String {
    val secret = "a client secret of 32 bytes!!!!!".toByteArray()
    val key = SigningKey.fromClientSecret(secret, Algorithm.HS256)
    val assertion = key.clientAssertion("client-2", TOKEN_ENDPOINT, "jti-1", 1_700_000_000L)
    val jwt = Validator(issuers = listOf("client-2"), audiences = listOf(TOKEN_ENDPOINT))
        .verify(assertion, KeySet.fromClientSecret(secret, Algorithm.HS256), 1_700_000_100L)
    checkEq(jwt.claims.exp, 1_700_000_300L, "default lifetime 300 s")
    checkEq(jwt.header.alg, Algorithm.HS256, "alg")
    // javax.crypto computes the same MAC.
    val mac = Mac.getInstance("HmacSHA256").apply { init(SecretKeySpec(secret, "HmacSHA256")) }
    val dot = assertion.lastIndexOf('.')
    checkEq(b64u(mac.doFinal(assertion.substring(0, dot).toByteArray())), assertion.substring(dot + 1), "HMAC")
    expectThrows<VerifyException.BadSignature>("wrong secret") {
        Validator().verify(assertion, KeySet.fromClientSecret("another secret of 32 bytes!!!!!!".toByteArray(), Algorithm.HS256), 1_700_000_100L)
    }
    expectThrows<KeyParseException.KeyTooShort>("short secret") { SigningKey.fromClientSecret("short".toByteArray(), Algorithm.HS256) }
    expectThrows<KeyParseException.AlgorithmMismatch>("HMAC secret for ES256") {
        SigningKey.fromClientSecret(secret, Algorithm.ES256)
    }
    return "HS256 assertion verified by oxidc and javax.crypto"
}

fun mintFromJson(): String {
    val key = SigningKey.fromJwk(Json.write(vector("013-es256-access-valid.json")["signing_jwk"]), kid = "k1")
    val token = key.mint("""{"iss":"https://rs.example","exp":2000000000,"scope":"a b","n":[1,{"x":null}]}""", typ = "at+jwt")
    val keys = KeySet.fromJwks(
        Json.write(mapOf("keys" to listOf(vector("013-es256-access-valid.json")["jwks"].obj()["keys"].list()[0].obj() + ("kid" to "k1")))),
    )
    val at = Validator(typ = "at+jwt").verifyAccessToken(token, keys, 1_900_000_000L)
    checkEq(at.header.typ, "at+jwt", "typ")
    checkEq(at.claims.scope, listOf("a", "b"), "scope from a string")
    expectThrows<VerifyException.TypeMismatch>("typ") { Validator(typ = "JWT").verify(token, keys, 1_900_000_000L) }
    expectThrows<MintException.InvalidJson>("bad claims JSON") { key.mint("{\"a\":") }
    expectThrows<MintException.DuplicateMember>("duplicate claim") { key.mint("{\"a\":1,\"a\":2}") }
    expectThrows<MintException.NotAnObject>("claims not an object") { key.mint("[1]") }
    return "ok"
}

fun accessTokenRecord(): String {
    val v = vector("013-es256-access-valid.json")
    val keys = KeySet.fromJwks(Json.write(v["jwks"]))
    val at = validatorFor(v["policy"].obj()).verifyAccessToken(v["token"] as String, keys, v["now"] as Long)
    val claims = v["expected"].obj()["claims"].obj()
    checkEq(at.claims.scope, claims["scope"], "scope")
    checkEq(at.claims.clientId, claims["client_id"], "client_id")
    checkEq(at.claims.tokenClass, "access_token", "token_class")
    checkEq(at.claims.sid, claims["sid"], "sid")
    checkEq(at.claims.aud, claims["aud"], "aud")
    checkEq(keys.count(), 1u, "count")
    checkEq(keys.kids(), listOf(v["jwks"].obj()["keys"].list()[0].obj()["kid"]), "kids")
    // An untrusted peek sees the same claims without any key.
    checkEq(decodeUnverified(v["token"] as String).claims.jti, claims["jti"], "peek")
    return "ok"
}

// ---------------------------------------------------------------- bad input, threads

fun badInput(): String {
    val v = vector("013-es256-access-valid.json")
    val token = v["token"] as String
    val jwks = Json.write(v["jwks"])
    val keys = KeySet.fromJwks(jwks)
    val validator = Validator()
    val cases = listOf("", ".", "..", "a.b.c", "a.b", "....", "\u0000.\u0000.\u0000", "é.é.é", "x".repeat(100_000),
        token.replace('.', ','), token + ".", "eyJhbGciOiJub25lIn0.e30.", "eyJ9.eyJ9.AA")
    for (c in cases) {
        expectThrows<VerifyException>("token ${c.take(20)}") { validator.verify(c, keys, 0) }
        expectThrows<VerifyException>("peek ${c.take(20)}") { decodeUnverified(c) }
    }
    for (j in listOf("", "{", "[]", "{}", """{"keys":{}}""", """{"keys":[1]}""", "\u0000", "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"}]}")) {
        expectThrows<KeyParseException>("jwks $j") { KeySet.fromJwks(j) }
    }
    expectThrows<KeyParseException.NotAPrivateKey>("public JWK as signing key") {
        SigningKey.fromJwk(Json.write(v["jwks"].obj()["keys"].list()[0]))
    }
    // Random mutations of a valid token and JWKS: every outcome is a result or a mapped
    // exception (never a crash, never another exception type).
    val rnd = java.util.Random(7)
    var rejected = 0
    repeat(3000) {
        val base = if (it % 2 == 0) token else jwks
        val chars = base.toCharArray()
        repeat(1 + rnd.nextInt(4)) { chars[rnd.nextInt(chars.size)] = (32 + rnd.nextInt(95)).toChar() }
        val m = String(chars)
        try {
            if (base === token) validator.verify(m, keys, 0) else KeySet.fromJwks(m)
        } catch (e: VerifyException) {
            rejected++
        } catch (e: KeyParseException) {
            rejected++
        }
    }
    check(rejected > 2500) { "only $rejected of 3000 mutations rejected" }
    return "$rejected/3000 mutations rejected with mapped exceptions"
}

fun threads(): String {
    val v = vector("015-es256-id-valid.json")
    val keys = KeySet.fromJwks(Json.write(v["jwks"]))
    val validator = validatorFor(v["policy"].obj())
    val token = v["token"] as String
    val now = v["now"] as Long
    val pool = Executors.newFixedThreadPool(8)
    val futures = (0 until 8).map {
        pool.submit<Int> {
            var ok = 0
            repeat(200) { if (validator.verify(token, keys, now).claims.sub != null) ok++ }
            ok
        }
    }
    val total = futures.sumOf { it.get() }
    pool.shutdown()
    pool.awaitTermination(10, TimeUnit.SECONDS)
    checkEq(total, 1600, "verifications")
    // Objects are AutoCloseable: `use` frees the Rust side deterministically.
    KeySet.fromJwks(Json.write(v["jwks"])).use { checkEq(it.count(), 1u, "count") }
    return "8 threads x 200 verifications"
}

fun provider(): String {
    checkEq(cryptoProvider(), "ring", "crypto provider")
    checkEq(algorithmName(Algorithm.PS384), "PS384", "algorithm name")
    return "ring"
}

// ---------------------------------------------------------------- runner

val TESTS: List<Pair<String, () -> String>> = listOf(
    "provider" to ::provider,
    "jws_corpus" to ::jwsCorpus,
    "error_mapping" to ::errorMapping,
    "client_assertion_es256" to ::clientAssertionEs256,
    "client_assertion_hs256" to ::clientAssertionHs256,
    "mint_from_json" to ::mintFromJson,
    "access_token_record" to ::accessTokenRecord,
    "bad_input" to ::badInput,
    "threads" to ::threads,
) + EXTRA_TESTS + ATTACK_TESTS + REQUEST_OBJECT_TESTS

fun main(args: Array<String>) {
    VECTORS = File(args.getOrElse(0) { "tests/vectors" })
    var passed = 0
    var failed = 0
    for ((name, test) in TESTS) {
        try {
            val note = test()
            println("PASS $name ($note)")
            passed++
        } catch (e: Throwable) {
            println("FAIL $name: ${e::class.simpleName}: ${e.message}")
            if (e !is Failure) e.printStackTrace()
            failed++
        }
    }
    println("kotlin: $passed passed, $failed failed")
    if (failed > 0) kotlin.system.exitProcess(1)
}
