/*
 * common.h - project-wide includes and attributes
 *
 * Every .c file includes this first. It fixes the feature-test macros, pulls in the
 * system headers nearly every module needs, and defines the attributes used on
 * printf-like and non-returning functions.
 */
#ifndef MILTER_BASE_COMMON_H
#define MILTER_BASE_COMMON_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PRINTFLIKE(f, a) __attribute__((format(printf, f, a)))
#define NORETURN         __attribute__((noreturn))
#define UNUSED           __attribute__((unused))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
