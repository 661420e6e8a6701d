package com.trafficanalytics.report;

import com.trafficanalytics.coders.FieldsCoder;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * How traffic spreads over users: the number of users, their pageviews and bytes, and a histogram
 * of pageviews per user on a log scale (bucket {@code k} holds the users with {@code 2^k} to
 * {@code 2^(k+1) - 1} pageviews), in which one very busy user, such as a bot, stands out. Its
 * size is fixed, whatever the number of users. It is both the combine's accumulator and its
 * result, coded by {@link FieldsCoder}; Serializable besides, as a global combine's result must be:
 * Beam keeps its value for an empty input inside a serialized DoFn.
 */
@DefaultCoder(FieldsCoder.class)
final class UserSpread implements Serializable {
  private static final long serialVersionUID = 2L;

  long users;
  long pageviews;
  long bytes;
  final long[] usersPerBucket = new long[64];

  /** The bucket of a user with {@code pageviews} (at least 1) pageviews. */
  static int bucketOf(long pageviews) {
    return 63 - Long.numberOfLeadingZeros(Math.max(1, pageviews));
  }

  /** The combine that builds the spread from the users' figures. */
  static Combine.CombineFn<ReportFigures.UserRank, UserSpread, UserSpread> ofUsers() {
    return new Fn();
  }

  private static final class Fn
      extends Combine.CombineFn<ReportFigures.UserRank, UserSpread, UserSpread> {
    @Override
    public UserSpread createAccumulator() {
      return new UserSpread();
    }

    @Override
    public UserSpread addInput(UserSpread spread, ReportFigures.UserRank user) {
      spread.users++;
      spread.pageviews += user.pageviews();
      spread.bytes += user.bytes();
      spread.usersPerBucket[bucketOf(user.pageviews())]++;
      return spread;
    }

    @Override
    public UserSpread mergeAccumulators(Iterable<UserSpread> spreads) {
      UserSpread merged = new UserSpread();
      for (UserSpread spread : spreads) {
        merged.users += spread.users;
        merged.pageviews += spread.pageviews;
        merged.bytes += spread.bytes;
        for (int i = 0; i < merged.usersPerBucket.length; i++) {
          merged.usersPerBucket[i] += spread.usersPerBucket[i];
        }
      }
      return merged;
    }

    @Override
    public UserSpread extractOutput(UserSpread spread) {
      return spread;
    }
  }
}
