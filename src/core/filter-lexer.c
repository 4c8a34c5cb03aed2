/* filter-lexer.c — splits filter text into tokens (first step of three,
 * see filter-private.h).
 *
 * The lexer knows the characters of the language and nothing of columns:
 * words, quoted strings with backslash escapes, the operators
 * = != < > <= >= ~ !~, ',' and parentheses.  Values are lexed in a mode of
 * their own because they are raw text: `host = hv0[1-3]` and
 * `name = (web|db).*` must survive, so a value runs up to the next ',' or
 * ')' that is not inside brackets the value itself opened, or up to the
 * keywords ' and ' / ' or '.  A backslash keeps the next character in the
 * value, so `\,` and `\)` never end it.  Offsets are bytes into the text.
 */
#include "filter-private.h"

#include <stdarg.h>
#include <string.h>

/* Messages quote what the user typed, which may hold a newline or a tab:
 * spell control characters as escapes so a message stays one line. */
static char *
escape_controls (char *s)
{
    gboolean plain = TRUE;
    for (const char *p = s; s != NULL && *p && plain; p++)
        plain = (guchar) *p >= 0x20;
    if (plain)
        return s;
    GString *out = g_string_new (NULL);
    for (const char *p = s; *p; p++) {
        guchar c = (guchar) *p;
        if (c == '\n')
            g_string_append (out, "\\n");
        else if (c == '\t')
            g_string_append (out, "\\t");
        else if (c == '\r')
            g_string_append (out, "\\r");
        else if (c < 0x20)
            g_string_append_printf (out, "\\x%02x", c);
        else
            g_string_append_c (out, (char) c);
    }
    g_free (s);
    return g_string_free (out, FALSE);
}

VinvFilterError *
filter_error_new (gsize offset, const char *hint, const char *format, ...)
{
    VinvFilterError *error = g_new0 (VinvFilterError, 1);
    va_list args;

    va_start (args, format);
    error->message = escape_controls (g_strdup_vprintf (format, args));
    va_end (args);
    error->offset = offset;
    error->hint = escape_controls (g_strdup (hint));
    return error;
}

void
vinv_filter_error_free (VinvFilterError *error)
{
    if (error == NULL)
        return;
    g_free (error->message);
    g_free (error->hint);
    g_free (error);
}

const char *
filter_op_name (FilterOp op)
{
    static const char *const names[] = {
        [OP_EQ] = "=", [OP_NE] = "!=", [OP_LT] = "<", [OP_GT] = ">",
        [OP_LE] = "<=", [OP_GE] = ">=", [OP_MATCH] = "~", [OP_NMATCH] = "!~",
    };
    return names[op];
}

void
filter_token_clear (Token *tok)
{
    g_clear_pointer (&tok->text, g_free);
    tok->kind = TOK_END;
    tok->op = OP_EQ;
    tok->start = 0;
    tok->end = 0;
}

void
filter_lexer_init (Lexer *lx, const char *text)
{
    lx->text = text;
    lx->len = strlen (text);
    lx->pos = 0;
}

static gboolean
is_blank (char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static void
skip_blanks (Lexer *lx)
{
    while (lx->pos < lx->len && is_blank (lx->text[lx->pos]))
        lx->pos++;
}

static gboolean
is_op_char (char c)
{
    return c == '=' || c == '<' || c == '>' || c == '~' || c == '!';
}

/* True if an operator starts at @p: '!' only when followed by '=' or '~',
 * so that "hello!" stays a word. */
static gboolean
op_starts_at (const Lexer *lx, gsize p)
{
    char c = lx->text[p];
    if (c == '!')
        return p + 1 < lx->len && (lx->text[p + 1] == '=' || lx->text[p + 1] == '~');
    return c == '=' || c == '<' || c == '>' || c == '~';
}

/* True if a bare word ends before byte @p. */
static gboolean
word_ends_at (const Lexer *lx, gsize p)
{
    char c = lx->text[p];
    return is_blank (c) || c == ',' || c == '(' || c == ')' || op_starts_at (lx, p);
}

static gboolean
lex_operator (Lexer *lx, Token *tok, VinvFilterError **error)
{
    static const struct {
        const char *spelling;
        FilterOp op;
    } ops[] = {
        { "=", OP_EQ }, { "!=", OP_NE }, { "<", OP_LT }, { ">", OP_GT },
        { "<=", OP_LE }, { ">=", OP_GE }, { "~", OP_MATCH }, { "!~", OP_NMATCH },
    };
    gsize start = lx->pos;
    gsize end = start;

    /* Take the longest run of operator characters, so that "==" or "=>"
     * is reported rather than read as "=" followed by a value "=...". */
    while (end < lx->len && is_op_char (lx->text[end]))
        end++;
    for (gsize i = 0; i < G_N_ELEMENTS (ops); i++) {
        if (strlen (ops[i].spelling) == end - start
            && memcmp (ops[i].spelling, lx->text + start, end - start) == 0) {
            tok->kind = TOK_OP;
            tok->op = ops[i].op;
            tok->start = start;
            tok->end = end;
            lx->pos = end;
            return TRUE;
        }
    }
    *error = filter_error_new (start,
                               "operators are = != < > <= >= ~ !~; quote a value that "
                               "starts with one of these characters",
                               "unknown operator '%.*s'", (int) (end - start),
                               lx->text + start);
    return FALSE;
}

/* Lexes a quoted string starting at lx->pos.  Escapes: \\ gives '\', \"
 * and \' give the quote; any other backslash pair is kept as it is, so
 * regex escapes such as \. and \d need no doubling. */
static gboolean
lex_quoted (Lexer *lx, Token *tok, VinvFilterError **error)
{
    gsize start = lx->pos;
    char quote = lx->text[start];
    GString *out = g_string_new (NULL);
    gsize p = start + 1;

    for (;;) {
        if (p >= lx->len) {
            g_string_free (out, TRUE);
            *error = filter_error_new (start, "close it with the same quote character",
                                       "missing closing quote (%c)", quote);
            return FALSE;
        }
        char c = lx->text[p];
        if (c == quote)
            break;
        if (c == '\\' && p + 1 < lx->len) {
            char next = lx->text[p + 1];
            if (next == '\\' || next == '"' || next == '\'') {
                g_string_append_c (out, next);
            } else {
                g_string_append_c (out, c);
                g_string_append_c (out, next);
            }
            p += 2;
            continue;
        }
        g_string_append_c (out, c);
        p++;
    }
    p++;  /* the closing quote */
    if (p < lx->len && !is_blank (lx->text[p]) && lx->text[p] != ','
        && lx->text[p] != ')') {
        g_string_free (out, TRUE);
        *error = filter_error_new (p, "put a space, ',' or ')' after the closing quote",
                                   "unexpected text after the closing quote");
        return FALSE;
    }
    tok->kind = TOK_QUOTED;
    tok->start = start;
    tok->end = p;
    tok->text = g_string_free (out, FALSE);
    lx->pos = p;
    return TRUE;
}

gboolean
filter_lexer_next (Lexer *lx, Token *tok, VinvFilterError **error)
{
    filter_token_clear (tok);
    skip_blanks (lx);
    tok->start = tok->end = lx->pos;
    if (lx->pos >= lx->len) {
        tok->kind = TOK_END;
        return TRUE;
    }

    char c = lx->text[lx->pos];
    switch (c) {
    case ',':
        tok->kind = TOK_COMMA;
        break;
    case '(':
        tok->kind = TOK_LPAREN;
        break;
    case ')':
        tok->kind = TOK_RPAREN;
        break;
    case '"':
    case '\'':
        return lex_quoted (lx, tok, error);
    default:
        if (op_starts_at (lx, lx->pos))
            return lex_operator (lx, tok, error);
        /* a bare word: up to a blank, ',', parenthesis or operator */
        while (lx->pos < lx->len && !word_ends_at (lx, lx->pos))
            lx->pos++;
        tok->kind = TOK_WORD;
        tok->end = lx->pos;
        return TRUE;
    }
    lx->pos++;
    tok->end = lx->pos;
    return TRUE;
}

/* True if the keyword @kw ("and", "or") starts at byte @p as a whole word:
 * preceded by a blank and followed by a blank, '(', a quote or the end. */
static gboolean
keyword_at (const Lexer *lx, gsize p, const char *kw)
{
    gsize n = strlen (kw);
    if (p == 0 || !is_blank (lx->text[p - 1]) || p + n > lx->len)
        return FALSE;
    if (g_ascii_strncasecmp (lx->text + p, kw, n) != 0)
        return FALSE;
    if (p + n == lx->len)
        return TRUE;
    char after = lx->text[p + n];
    return is_blank (after) || after == '(' || after == '"' || after == '\'';
}

gboolean
filter_lexer_value (Lexer *lx, Token *tok, VinvFilterError **error)
{
    filter_token_clear (tok);
    skip_blanks (lx);
    tok->start = tok->end = lx->pos;
    if (lx->pos >= lx->len || lx->text[lx->pos] == ',' || lx->text[lx->pos] == ')') {
        tok->kind = TOK_END;
        return TRUE;
    }
    if (lx->text[lx->pos] == '"' || lx->text[lx->pos] == '\'')
        return lex_quoted (lx, tok, error);
    if (is_op_char (lx->text[lx->pos])) {
        /* "status = = up" or "memory > =4": an operator written twice, or
         * a value that needs quotes; never the text "= up" */
        *error = filter_error_new (lx->pos,
                                   "one operator per comparison; quote a value that "
                                   "starts with = ! < > or ~",
                                   "unexpected '%c' at the start of a value",
                                   lx->text[lx->pos]);
        return FALSE;
    }

    gsize start = lx->pos;
    gsize p = start;
    guint depth = 0;
    while (p < lx->len) {
        char c = lx->text[p];
        if (c == '\\') {
            p += p + 1 < lx->len ? 2 : 1;
            continue;
        }
        if (c == '(' || c == '[' || c == '{') {
            depth++;
        } else if (c == ')' || c == ']' || c == '}') {
            if (depth == 0 && c == ')')
                break;
            if (depth > 0)
                depth--;
        } else if (depth == 0) {
            if (c == ',')
                break;
            if (p > start && (keyword_at (lx, p, "and") || keyword_at (lx, p, "or")))
                break;
        }
        p++;
    }
    lx->pos = p;
    while (p > start && is_blank (lx->text[p - 1]))
        p--;
    tok->kind = TOK_WORD;
    tok->start = start;
    tok->end = p;
    return TRUE;
}

gboolean
filter_token_is_keyword (const Lexer *lx, const Token *tok, const char *keyword)
{
    gsize n = strlen (keyword);
    return tok->kind == TOK_WORD && tok->end - tok->start == n
           && g_ascii_strncasecmp (lx->text + tok->start, keyword, n) == 0;
}
