// A small JVM benchmark: ID-token verification and ES256 client-assertion minting through the
// bindings, next to the same work in plain JVM code with the JDK's own ECDSA
// (java.security SHA256withECDSA) on the same token and key. Run against the release library:
//   OXIDC_UNIFFI_BENCH=1 OXIDC_STEPS=50-uniffi ./tests/run
// Reports the median of several timed rounds, in microseconds of this thread's CPU time per
// operation (the machine is shared: CPU time is far steadier than wall time under load).
package org.oxidc.bench

import org.oxidc.*
import org.oxidc.test.*
import java.io.File
import java.lang.management.ManagementFactory
import java.math.BigInteger
import java.security.AlgorithmParameters
import java.security.KeyFactory
import java.security.Signature
import java.security.interfaces.ECPrivateKey
import java.security.spec.ECGenParameterSpec
import java.security.spec.ECParameterSpec
import java.security.spec.ECPrivateKeySpec

var sink = 0L
val THREADS = ManagementFactory.getThreadMXBean()

fun bench(name: String, ops: Int = 1000, rounds: Int = 7, body: () -> Int): Double {
    repeat(ops * 2) { sink += body() } // warm up (JIT, caches)
    val perOp = (0 until rounds).map {
        val t0 = THREADS.currentThreadCpuTime
        repeat(ops) { sink += body() }
        (THREADS.currentThreadCpuTime - t0).toDouble() / ops / 1000.0
    }.sorted()
    val median = perOp[rounds / 2]
    println(String.format("%-58s %9.2f µs CPU/op  (min %.2f, max %.2f)", name, median, perOp.first(), perOp.last()))
    return median
}

fun jdkPrivateKey(jwk: Map<String, Any?>): ECPrivateKey {
    val params = AlgorithmParameters.getInstance("EC")
    params.init(ECGenParameterSpec("secp256r1"))
    val spec = params.getParameterSpec(ECParameterSpec::class.java)
    val d = BigInteger(1, unb64u(jwk["d"] as String))
    return KeyFactory.getInstance("EC").generatePrivate(ECPrivateKeySpec(d, spec)) as ECPrivateKey
}

/// DER ECDSA signature -> JOSE raw r||s (64 bytes).
fun rawSignature(der: ByteArray): ByteArray {
    var i = 2
    if (der[1].toInt() and 0x80 != 0) i += der[1].toInt() and 0x7f
    fun part(): ByteArray {
        val len = der[i + 1].toInt()
        val v = der.copyOfRange(i + 2, i + 2 + len)
        i += 2 + len
        val stripped = v.dropWhile { it == 0.toByte() }.toByteArray()
        return ByteArray(32 - stripped.size) + stripped
    }
    return part() + part()
}

fun main(args: Array<String>) {
    VECTORS = File(args.getOrElse(0) { "tests/vectors" })
    val v = vector("015-es256-id-valid.json")
    val token = v["token"] as String
    val claims = v["expected"].obj()["claims"].obj()
    val now = v["now"] as Long
    val jwksJson = Json.write(v["jwks"])
    val keys = KeySet.fromJwks(jwksJson)
    val idVerifier = IdTokenVerifier(claims["iss"] as String, claims["aud"].list()[0] as String, leewaySecs = 15u)
    val validator = validatorFor(v["policy"].obj())
    val nonce = claims["nonce"] as String
    val signingJwk = v["signing_jwk"].obj()
    val signingKey = SigningKey.fromJwk(Json.write(signingJwk))
    val jdkPublic = jdkEcPublicKey(v["jwks"].obj()["keys"].list()[0].obj())
    val jdkPrivate = jdkPrivateKey(signingJwk)
    check(jdkVerifyEs256(token, jdkPublic)) { "JDK rejects the vector" }

    println("oxidc-uniffi benchmark: provider ${cryptoProvider()}, JVM ${System.getProperty("java.vm.name")} ${System.getProperty("java.version")}")
    println("ES256 ID token from the corpus (${token.length} bytes), P-256 key from its JWKS")
    println()
    println("-- verification")
    val ffiCall = bench("binding: trivial call (KeySet.count)", ops = 20_000) { keys.count().toInt() }
    val peek = bench("binding: decodeUnverified (FFI + JSON + records, no crypto)", ops = 5_000) {
        decodeUnverified(token).claims.json.length
    }
    val jwtVerify = bench("binding: Validator.verify (ES256 + claims)") {
        validator.verify(token, keys, now).claims.json.length
    }
    val idVerify = bench("binding: IdTokenVerifier.verify (ES256 + OIDC rules)") {
        idVerifier.verify(token, keys, now, nonce = nonce).claims.sub.length
    }
    val jdkVerify = bench("JDK: SHA256withECDSA verify of the same token") {
        if (jdkVerifyEs256(token, jdkPublic)) 1 else 0
    }
    val jdkVerifyParse = bench("JDK: split + base64 + ECDSA verify + claims JSON parse") {
        val parts = token.split('.')
        val ok = jdkVerifyEs256(token, jdkPublic)
        val c = Json.parse(String(unb64u(parts[1]))).obj()
        if (ok && c["sub"] != null) 1 else 0
    }
    println()
    println("-- minting an ES256 client assertion (RFC 7523)")
    var counter = 0
    val mint = bench("binding: SigningKey.clientAssertion (ES256)") {
        signingKey.clientAssertion("client-1", TOKEN_ENDPOINT, "jti-${counter++}", now, 300u).length
    }
    val headerB64 = b64u("""{"alg":"ES256","kid":"${signingJwk["kid"]}"}""".toByteArray())
    val jdkMint = bench("JDK: JSON + base64url + SHA256withECDSA sign + DER->raw") {
        val claimsJson = """{"iss": "client-1", "sub": "client-1", "aud": "$TOKEN_ENDPOINT", "jti": "jti-${counter++}", "exp": ${now + 300}, "iat": $now}"""
        val input = headerB64 + "." + b64u(claimsJson.toByteArray())
        val sig = Signature.getInstance("SHA256withECDSA")
        sig.initSign(jdkPrivate)
        sig.update(input.toByteArray(Charsets.US_ASCII))
        (input + "." + b64u(rawSignature(sig.sign()))).length
    }
    // The JDK verifies what the binding minted.
    check(jdkVerifyEs256(signingKey.clientAssertion("c", TOKEN_ENDPOINT, "j", now, 60u), jdkPublic)) { "JDK rejects minted" }
    println()
    println(String.format("ID-token verify: binding %.1f µs vs JDK ECDSA alone %.1f µs (%.1fx faster)", idVerify, jdkVerify, jdkVerify / idVerify))
    println(String.format("client assertion: binding %.1f µs vs JDK %.1f µs (%.1fx faster)", mint, jdkMint, jdkMint / mint))
    println(String.format("binding overhead: trivial call %.2f µs; all non-crypto work of a verify (FFI, JSON, records) <= %.1f µs = %.0f%% of the binding's verify",
        ffiCall, peek, 100.0 * peek / idVerify))
    if (sink == 42L) println("$jwtVerify $jdkVerifyParse") // keeps the results alive
}
