// The JWT attack catalogue (tests/vectors/attacks: RFC 8725 and known CVEs) through the
// Kotlin bindings, as the core, C and Python layers run it: every file, each rejection a typed
// exception whose class is the kind its message names and whose kind falls in the vector's
// category; valid cases decode as expected and fail with one byte flipped. Plus the inputs
// too large to keep as files (tests/conformance/tests/attacks.rs builds the same ones).
package org.oxidc.test

import org.oxidc.*

/// Header algorithms whose outcome depends on what the crypto provider compiled in: on a
/// provider without them the core answers `unsupported_by_provider`, reported per vector.
fun providerDependent(token: String): String? {
    val header = try {
        String(unb64u(token.substringBefore('.')), Charsets.UTF_8)
    } catch (e: IllegalArgumentException) {
        return null
    }
    val alg = Regex("\"alg\"\\s*:\\s*\"([A-Za-z0-9]+)\"").find(header)?.groupValues?.get(1) ?: return null
    return when {
        alg.startsWith("RS") || alg.startsWith("PS") -> "RSA"
        alg == "HS384" || alg == "HS512" -> "SHA-384/SHA-512"
        else -> null
    }
}

fun attackCorpus(): String {
    val all = vectors("attacks")
    val mismatches = ArrayList<String>()
    val limited = ArrayList<String>()
    var rejected = 0
    var valid = 0
    for (vec in all) {
        val v = vec.v
        val token = v["token"] as String
        val now = v["now"] as Long
        val expected = v["expected"].obj()
        val validator = validatorFor(v["policy"].obj())
        val jwks = Json.write(v["jwks"])
        val outcome: Any = try {
            validator.verify(token, KeySet.fromJwks(jwks), now)
        } catch (e: VerifyException) {
            e
        } catch (e: KeyParseException) {
            e
        }
        if (expected["valid"] == true) {
            if (outcome !is Jwt) {
                mismatches.add("${vec.name}: rejected with ${(outcome as Throwable).message}")
                continue
            }
            if (Json.parse(outcome.header.json) != expected["header"] || Json.parse(outcome.claims.json) != expected["claims"]) {
                mismatches.add("${vec.name}: decoded header or claims differ")
                continue
            }
            val keys = KeySet.fromJwks(jwks)
            for (pos in flipPositions(token)) {
                try {
                    validator.verify(flip(token, pos), keys, now)
                    mismatches.add("${vec.name}: accepted with a byte flipped at $pos")
                } catch (e: VerifyException) {
                }
            }
            valid++
            continue
        }
        val want = expected["error"] as String
        if (outcome !is Throwable) {
            mismatches.add("${vec.name}: ACCEPTED, want $want")
            continue
        }
        val variant = variantKind(outcome)
        val needs = providerDependent(token)
        when {
            variant != kindOf(outcome) ->
                mismatches.add("${vec.name}: ${outcome::class.simpleName} carries message ${outcome.message}")
            variant == "unsupported_by_provider" && needs != null -> {
                println("  limited ${vec.name}: unsupported_by_provider (needs $needs; expected $want)")
                limited.add(vec.name)
            }
            category(variant) != want ->
                mismatches.add("${vec.name}: ${outcome::class.java.name} ($variant, ${category(variant)}), want $want")
            else -> rejected++
        }
    }
    check(mismatches.isEmpty()) { "${mismatches.size} of ${all.size}:\n  " + mismatches.joinToString("\n  ") }
    check(all.size >= 150) { "only ${all.size} attack vectors" }
    checkEq(rejected + valid + limited.size, all.size, "attack vectors accounted for")
    return "${all.size} attack vectors: $rejected rejected as expected, $valid valid (3 flips each rejected), " +
        "${limited.size} provider-limited (${cryptoProvider()})"
}

const val ATTACK_HS_JWKS = """{"keys":[{"alg":"HS256","k":"zj3fTrgcJv3afFebAZynKG-a-IVNvZZu4RIQXmuAv50","kid":"rnlJBZBxIte9JnOXq9uQL-HfXg7Rne1GoWJnnyLREHo","kty":"oct"}]}"""
const val ATTACK_EC_KEY = """{"kty":"EC","crv":"P-256","x":"Knh-VGeRwI1mwV7PJVFsIqxYDsYJeE1uNMJctZyb_N0","y":"G8erQ0wsAJaZYkFBE4UAY1temx8qtKSIokgoK_bfOOs"}"""

/// Times one call: a named limit must answer in bounded time, whatever the input size.
fun <T> bounded(what: String, block: () -> T): T {
    val start = System.nanoTime()
    val r = block()
    val ms = (System.nanoTime() - start) / 1_000_000
    check(ms < 2000) { "$what: took $ms ms" }
    return r
}

fun oversizedAttacks(): String {
    val keys = KeySet.fromJwks(ATTACK_HS_JWKS)
    val header = b64u("""{"alg":"HS256"}""".toByteArray())
    val megabyte = "$header.${b64u(ByteArray(786_432) { 'x'.code.toByte() })}.AAAA"
    check(megabyte.length > 1_000_000) { "token of ${megabyte.length} bytes" }
    bounded("1 MB token") {
        expectThrows<VerifyException.TokenTooLarge>("1 MB token") { Validator().verify(megabyte, keys, 0) }
    }
    bounded("1 MB of dots") {
        expectThrows<VerifyException.TokenTooLarge>("1 MB of dots") { decodeUnverified(".".repeat(1 shl 20)) }
    }
    val tenThousand = """{"keys":[${List(10_000) { ATTACK_EC_KEY }.joinToString(",")}]}"""
    val e = bounded("10 000-key JWKS") { expectThrows<KeyParseException>("10 000-key JWKS") { KeySet.fromJwks(tenThousand) } }
    check(e is KeyParseException.TooManyKeys || e is KeyParseException.TooManyMembers) { "10 000 keys: ${e.message}" }
    bounded("1 MB of nesting") {
        expectThrows<KeyParseException.JsonTooDeep>("1 MB of nesting") { KeySet.fromJwks("""{"keys":${"[".repeat(1 shl 20)}""") }
    }
    fun name(i: Int) = "${'a' + i / 676}${'a' + i / 26 % 26}${'a' + i % 26}"
    val query = (0 until 10_000).joinToString("&") { "${name(it)}=1" }
    bounded("10 000 parameters") {
        expectThrows<MessageException.TooManyParameters>("10 000 parameters") { parseAuthorizationResponse(query) }
    }
    return "1 MB token, 1 MB of dots, 10 000-key JWKS, 1 MB of nesting, 10 000-parameter query"
}

val ATTACK_TESTS: List<Pair<String, () -> String>> = listOf(
    "attack_corpus" to ::attackCorpus,
    "oversized_attacks" to ::oversizedAttacks,
)
