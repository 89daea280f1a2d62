package io.hybridcache.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many calls of one write {@link LuaScript} in one Redisson batch: the calls are pipelined on each server holding some
 * of their keys (in cluster mode one round trip per master involved, whatever the keys' hash slots), each call still
 * one script touching its own key. The calls go by the script's SHA-1; those the server answers with {@code NOSCRIPT}
 * (it did not know the script yet) are sent again, once, in a second batch with the script's text, so a call is never
 * made twice. Any other failure fails the whole batch.
 */
final class ScriptBatch {
  private static final Logger LOG = LoggerFactory.getLogger(ScriptBatch.class);

  /** One call: the script's keys (the first routes it) and its arguments. */
  record Call(List<Object> keys, byte[][] args) { }

  private ScriptBatch() {
  }

  /** Runs {@code script} once per call, pipelined; completes with each call's integer reply, in order. */
  static CompletableFuture<List<Long>> run(RedissonClient client, LuaScript script, List<Call> calls) {
    Long[] replies = new Long[calls.size()];
    List<Integer> all = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      all.add(i);
    }
    return send(client, script, calls, all, true, replies).thenCompose(unknown -> {
      if (unknown.isEmpty()) {
        return CompletableFuture.completedFuture(List.of(replies));
      }
      LOG.debug("the server did not know the {} yet; sending {} calls with EVAL", script, unknown.size());
      return send(client, script, calls, unknown, false, replies).thenApply(none -> List.of(replies));
    });
  }

  /** The replies of the write scripts as answers: 1 is a write (or removal) made. */
  static List<Boolean> written(List<Long> replies) {
    return replies.stream().map(reply -> reply == 1L).toList();
  }

  /**
   * Sends the calls at {@code indexes} in one batch, storing their replies; completes with the indexes the server
   * answered {@code NOSCRIPT} (only when sent by SHA-1), fails when any call failed otherwise.
   */
  private static CompletableFuture<List<Integer>> send(RedissonClient client, LuaScript script, List<Call> calls,
      List<Integer> indexes, boolean bySha, Long[] replies) {
    RBatch batch = client.createBatch();
    RScriptAsync scripts = batch.getScript(ByteArrayCodec.INSTANCE);
    List<RFuture<Long>> sent = new ArrayList<>(indexes.size());
    for (int i : indexes) {
      Call call = calls.get(i);
      String routing = (String) call.keys().get(0);
      Object[] values = call.args();
      sent.add(bySha
          ? scripts.evalShaAsync(routing, RScript.Mode.READ_WRITE, script.sha(), RScript.ReturnType.LONG,
              call.keys(), values)
          : scripts.evalAsync(routing, RScript.Mode.READ_WRITE, script.text(), RScript.ReturnType.LONG,
              call.keys(), values));
    }
    return batch.executeAsync().toCompletableFuture().handle((done, batchError) -> {
      List<Integer> unknown = new ArrayList<>();
      for (int j = 0; j < sent.size(); j++) {
        CompletableFuture<Long> reply = sent.get(j).toCompletableFuture();
        if (!reply.isDone()) {
          throw new CompletionException(batchError != null ? batchError
              : new IllegalStateException("a call of the batch has no reply"));
        }
        try {
          replies[indexes.get(j)] = reply.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
          if (bySha && LuaScript.isNoScript(e)) {
            unknown.add(indexes.get(j));
          } else {
            throw e instanceof CompletionException c ? c : new CompletionException(e);
          }
        }
      }
      return unknown;
    });
  }
}
